package dev.cairn.bootstrap.scan;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.cairn.bootstrap.store.ScanStopped;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Which keys of a source are sentinels and which project they belong to, exactly as the seed's
 * {@code generate_retroactive_log.py}: a sentinel pattern is searched anywhere in the full key ({@code re.search});
 * the project is the first path segment after the prefix when the key lies in a sub-folder, else group 1 of the
 * project pattern matched at the start of the file name ({@code re.match}).
 *
 * <p>Patterns run on RE2/J, whose matching time is linear in the key and the pattern: a pattern such as
 * {@code (a+)+$} cannot pin a listing thread, and patterns are at most {@link #MAX_PATTERN_LENGTH} characters. RE2's
 * {@code .} does not match a line break, like Python's; Python's {@code $} also matches before a final {@code \n},
 * which a second search without that line break gives. A match reads the key through a view that stops it (with
 * {@link ScanStopped}) once {@code stopped} says so. Thread-safe.
 */
public final class SentinelRules {

    /** Characters per pattern (a Java or RE2 pattern is compiled to a program proportional to its length). */
    public static final int MAX_PATTERN_LENGTH = 1000;

    private final String prefix;
    private final List<Pattern> sentinels;
    private final Pattern projectPattern;
    private final BooleanSupplier stopped;

    public SentinelRules(String prefix, List<String> sentinels, String projectPattern) {
        this(prefix, sentinels, projectPattern, () -> false);
    }

    public SentinelRules(String prefix, List<String> sentinels, String projectPattern, BooleanSupplier stopped) {
        this.prefix = prefix;
        this.sentinels = sentinels.stream().map(Pattern::compile).toList();
        this.projectPattern = Pattern.compile(projectPattern);
        this.stopped = stopped;
    }

    public static SentinelRules of(SourcePlan source) {
        return new SentinelRules(source.prefix(), source.sentinels(), source.projectPattern());
    }

    public boolean isSentinel(String key) {
        String withoutFinalBreak = key.endsWith("\n") ? key.substring(0, key.length() - 1) : null;
        for (Pattern p : sentinels) {
            if (p.matcher(new StoppableChars(key, stopped)).find()
                    || (withoutFinalBreak != null
                            && p.matcher(new StoppableChars(withoutFinalBreak, stopped))
                                    .find())) {
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
        Matcher m = projectPattern.matcher(new StoppableChars(relative, stopped));
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

    /** A key as the matcher reads it: every 256 characters read, it asks whether the scan was stopped. */
    static final class StoppableChars implements CharSequence {

        private final String text;
        private final BooleanSupplier stopped;
        private int reads;

        StoppableChars(String text, BooleanSupplier stopped) {
            this.text = text;
            this.stopped = stopped;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFF) == 0 && stopped.getAsBoolean()) {
                throw new ScanStopped(ScanStopped.Why.CANCELLED, "stopped during a pattern match");
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
