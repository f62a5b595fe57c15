package dev.cairn.marker.service;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A marker-folder template such as {@code completion_markers/{pipeline}/{project}/{timestamp}/} (docs/design.md §5).
 * Placeholders: {@code {pipeline}}, {@code {project}}, {@code {config_id}}, {@code {stage}}, {@code {timestamp}};
 * each at most once, the first three of the rule below mandatory. The text between placeholders may hold only
 * {@code A-Z a-z 0-9 . _ - /}, so a rendered folder never contains glob characters or empty segments.
 */
public final class FolderTemplate {

    public enum Placeholder {
        PIPELINE("pipeline"),
        PROJECT("project"),
        CONFIG_ID("config_id"),
        STAGE("stage"),
        TIMESTAMP("timestamp");

        final String token;

        Placeholder(String token) {
            this.token = token;
        }
    }

    /** The values of one folder; {@code timestamp} is {@code yyyyMMdd_HHmmss} plus any suffix. */
    public record Values(String pipeline, String project, String configId, String stage, String timestamp) {}

    /** A folder found in a listing: its prefix and the {@code yyyyMMdd_HHmmss} part of its timestamp. */
    public record Match(String folder, String timestamp) {}

    private static final Pattern TOKEN = Pattern.compile("\\{([^}]*)}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._/-]*");
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";
    /** {@code yyyyMMdd_HHmmss}, then an optional {@code _2}, {@code _3}… or {@code _<8 hex>} suffix. */
    private static final String TIMESTAMP = "(?<ts>\\d{8}_\\d{6})(?:_[0-9a-f]{1,16})?";

    private final String text;
    private final List<Object> parts;
    private final Set<Placeholder> present;
    private final Pattern anyFolder;

    private FolderTemplate(String text, List<Object> parts, Set<Placeholder> present) {
        this.text = text;
        this.parts = parts;
        this.present = present;
        this.anyFolder = pattern(null, null);
    }

    /** Parses and checks {@code text}; the exception's message says what is wrong. */
    public static FolderTemplate parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the template is empty");
        }
        if (text.startsWith("/") || !text.endsWith("/")) {
            throw new IllegalArgumentException(
                    "the template '" + text + "' must not start with '/' and must end with '/' (it names a folder)");
        }
        if (text.contains("//")
                || text.contains("/./")
                || text.contains("/../")
                || text.startsWith("./")
                || text.startsWith("../")) {
            throw new IllegalArgumentException("the template '" + text + "' has an empty, '.' or '..' path segment");
        }
        List<Object> parts = new ArrayList<>();
        Set<Placeholder> present = EnumSet.noneOf(Placeholder.class);
        Matcher m = TOKEN.matcher(text);
        int last = 0;
        while (m.find()) {
            addLiteral(text, parts, text.substring(last, m.start()));
            Placeholder p = placeholder(text, m.group(1));
            if (!present.add(p)) {
                throw new IllegalArgumentException("the template '" + text + "' uses {" + p.token + "} twice");
            }
            parts.add(p);
            last = m.end();
        }
        addLiteral(text, parts, text.substring(last));
        for (Placeholder required : List.of(Placeholder.PIPELINE, Placeholder.PROJECT, Placeholder.TIMESTAMP)) {
            if (!present.contains(required)) {
                throw new IllegalArgumentException("the template '" + text + "' lacks {" + required.token
                        + "}: folders of different "
                        + (required == Placeholder.TIMESTAMP ? "executions" : required.token + "s") + " would collide");
            }
        }
        return new FolderTemplate(text, List.copyOf(parts), present);
    }

    private static void addLiteral(String text, List<Object> parts, String literal) {
        if (literal.isEmpty()) {
            return;
        }
        if (!LITERAL.matcher(literal).matches()) {
            throw new IllegalArgumentException("the template '" + text + "' has '" + literal
                    + "' outside placeholders; only A-Z, a-z, 0-9, '.', '_', '-' and '/' are allowed there");
        }
        parts.add(literal);
    }

    private static Placeholder placeholder(String text, String name) {
        for (Placeholder p : Placeholder.values()) {
            if (p.token.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("the template '" + text + "' has an unknown placeholder {" + name
                + "}; use {pipeline}, {project}, {config_id}, {stage} or {timestamp}");
    }

    public boolean has(Placeholder placeholder) {
        return present.contains(placeholder);
    }

    public String text() {
        return text;
    }

    /** The folder of {@code values}: every placeholder replaced. */
    public String render(Values values) {
        StringBuilder sb = new StringBuilder(text.length() + 64);
        for (Object part : parts) {
            sb.append(part instanceof Placeholder p ? value(p, values) : (String) part);
        }
        return sb.toString();
    }

    /** The literal text before the first placeholder, e.g. {@code completion_markers/}. */
    public String staticPrefix() {
        return parts.isEmpty() || parts.get(0) instanceof Placeholder ? "" : (String) parts.get(0);
    }

    /** The longest prefix that only {@code pipeline} and {@code project} determine, for listing one project. */
    public String projectPrefix(String pipeline, String project) {
        StringBuilder sb = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String literal) {
                sb.append(literal);
            } else if (part == Placeholder.PIPELINE) {
                sb.append(pipeline);
            } else if (part == Placeholder.PROJECT) {
                sb.append(project);
            } else {
                break;
            }
        }
        return sb.toString();
    }

    /**
     * Matches a key inside a folder of this template. {@code pipeline} and {@code project} may be null (any
     * valid name). Returns the folder and its {@code yyyyMMdd_HHmmss}, or null when the key is no marker folder's.
     */
    public Match matchKey(String key, String pipeline, String project) {
        Matcher m = (pipeline == null && project == null ? anyFolder : pattern(pipeline, project)).matcher(key);
        return m.lookingAt() && m.end() < key.length() ? new Match(key.substring(0, m.end()), m.group("ts")) : null;
    }

    private Pattern pattern(String pipeline, String project) {
        StringBuilder regex = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String literal) {
                regex.append(Pattern.quote(literal));
            } else {
                regex.append(
                        switch ((Placeholder) part) {
                            case PIPELINE -> pipeline == null ? NAME : Pattern.quote(pipeline);
                            case PROJECT -> project == null ? NAME : Pattern.quote(project);
                            case CONFIG_ID, STAGE -> NAME;
                            case TIMESTAMP -> TIMESTAMP;
                        });
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String value(Placeholder p, Values v) {
        return switch (p) {
            case PIPELINE -> v.pipeline();
            case PROJECT -> v.project();
            case CONFIG_ID -> v.configId();
            case STAGE -> v.stage();
            case TIMESTAMP -> v.timestamp();
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
