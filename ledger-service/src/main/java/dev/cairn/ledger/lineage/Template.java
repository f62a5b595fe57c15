package dev.cairn.ledger.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A value template of a mapping rule: literal text with placeholders {@code {group}} (a named group of the rule's
 * patterns) and {@code {run.facets.a.b}} / {@code {job.facets.a.b}} (a text or number found at that path of the
 * RunEvent). Checked when the rule is read, so that a typo stops start-up instead of leaving events unmapped.
 */
final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)\\}");

    /** A literal ({@code placeholder} false) or a placeholder's name. */
    private record Part(String text, boolean placeholder) {}

    /** The rendered value, or the placeholder that had no value in the event. */
    record Rendered(String value, String missing) {}

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = parts;
    }

    static Template parse(String text, Set<String> groups, String property) {
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int end = 0;
        while (m.find()) {
            parts.add(new Part(text.substring(end, m.start()), false));
            String name = m.group(1);
            if (!groups.contains(name) && !isEventPath(name)) {
                throw new IllegalArgumentException(property + ": the placeholder {" + name
                        + "} is neither a named group of the rule's patterns " + groups
                        + " nor a path run.facets.<facet>.<field> or job.facets.<facet>.<field>");
            }
            parts.add(new Part(name, true));
            end = m.end();
        }
        parts.add(new Part(text.substring(end), false));
        for (Part p : parts) {
            if (!p.placeholder() && (p.text().contains("{") || p.text().contains("}"))) {
                throw new IllegalArgumentException(property + ": unbalanced '{' or '}' in " + text);
            }
        }
        return new Template(parts);
    }

    private static boolean isEventPath(String name) {
        return (name.startsWith("run.facets.") || name.startsWith("job.facets."))
                && !name.endsWith(".")
                && !name.contains("..");
    }

    Rendered render(Map<String, String> groups, JsonNode event) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (!p.placeholder()) {
                out.append(p.text());
                continue;
            }
            String value = groups.containsKey(p.text()) ? groups.get(p.text()) : pick(event, p.text());
            if (value == null || value.isEmpty()) {
                return new Rendered(null, p.text());
            }
            out.append(value);
        }
        return new Rendered(out.toString(), null);
    }

    /** The text or number at a dotted path of the event, or null. */
    private static String pick(JsonNode event, String path) {
        JsonNode node = event;
        for (String step : path.split("\\.")) {
            node = node.path(step);
        }
        return node.isTextual() || node.isNumber() ? node.asText() : null;
    }
}
