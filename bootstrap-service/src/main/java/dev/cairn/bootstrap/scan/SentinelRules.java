package dev.cairn.bootstrap.scan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which keys of a source are sentinels and which project they belong to, exactly as the seed's
 * {@code generate_retroactive_log.py}: a sentinel pattern is searched anywhere in the full key ({@code re.search});
 * the project is the first path segment after the prefix when the key lies in a sub-folder, else group 1 of the
 * project pattern matched at the start of the file name ({@code re.match}). {@link Pattern#UNIX_LINES} gives
 * {@code .} and {@code $} Python's meaning. Thread-safe.
 */
public final class SentinelRules {

    public static final int FLAGS = Pattern.UNIX_LINES;

    private final String prefix;
    private final List<Pattern> sentinels;
    private final Pattern projectPattern;

    public SentinelRules(String prefix, List<String> sentinels, String projectPattern) {
        this.prefix = prefix;
        this.sentinels = sentinels.stream().map(s -> Pattern.compile(s, FLAGS)).toList();
        this.projectPattern = Pattern.compile(projectPattern, FLAGS);
    }

    public static SentinelRules of(SourcePlan source) {
        return new SentinelRules(source.prefix(), source.sentinels(), source.projectPattern());
    }

    public boolean isSentinel(String key) {
        for (Pattern p : sentinels) {
            if (p.matcher(key).find()) {
                return true;
            }
        }
        return false;
    }

    /** The seed's {@code extract_project_name_from_key(key, prefix)}; null where it returns {@code None}. */
    public String projectOf(String key) {
        String relative = relative(key);
        int slash = relative.indexOf('/');
        if (slash >= 0) {
            return relative.substring(0, slash);
        }
        Matcher m = projectPattern.matcher(relative);
        return m.lookingAt() ? m.group(1) : null;
    }

    /**
     * For a common prefix returned by a delimiter listing: the project every key below it belongs to, or null when
     * it is the prefix itself followed by slashes (its children are the project folders).
     */
    public String folderProject(String commonPrefix) {
        String relative = relative(commonPrefix);
        int slash = relative.indexOf('/');
        return relative.isEmpty() ? null : relative.substring(0, slash < 0 ? relative.length() : slash);
    }

    /** {@code key[len(prefix):].lstrip("/")}. */
    private String relative(String key) {
        int start = key.startsWith(prefix) ? prefix.length() : 0;
        while (start < key.length() && key.charAt(start) == '/') {
            start++;
        }
        return key.substring(start);
    }
}
