package dev.cairn.planner.service;

import dev.cairn.service.error.TooLargeException;

/**
 * The line rules of the seed's {@code generate_remaining_configs.py}, exactly:
 * <ul>
 *   <li>lines split as Python's universal newlines do ({@code \r\n}, {@code \r}, {@code \n});</li>
 *   <li>the entry is {@code line.split("#")[0].strip()} with Python's whitespace; a blank entry is skipped;</li>
 *   <li>the project is {@code os.path.splitext(os.path.basename(path))[0]}; joining a relative entry to the
 *       list's folder never changes the base name, so relative and absolute entries are treated alike;</li>
 *   <li>a remaining line is echoed as {@code original_line.rstrip()}, comment included;</li>
 *   <li>the output is the remaining lines joined by {@code \n} plus a final {@code \n}, or nothing.</li>
 * </ul>
 * Nothing is allocated per line: entries are collected as ranges of the text, their projects looked up in one batch
 * ({@link ProjectLookup}), then the remaining lines echoed.
 */
public final class ConfigListFilter {

    /** Sets {@code completed[i]} for project i, named by {@code text[starts[i], ends[i])}. */
    @FunctionalInterface
    public interface ProjectLookup {
        void completed(char[] text, int[] starts, int[] ends, int count, boolean[] completed);
    }

    /** The script's stdout, the number of non-blank entries read and the number echoed. */
    public record Result(String output, int entries, int remaining) {
        public int skipped() {
            return entries - remaining;
        }
    }

    private final int maxEntries;

    public ConfigListFilter(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Parses, looks up and echoes in one go. */
    public Result filter(char[] text, int length, ProjectLookup lookup) {
        Entries entries = parse(text, length);
        return echo(text, entries, entries.lookUp(text, lookup));
    }

    /** The non-blank entries of a config list: a 413 beyond the limit. */
    public Entries parse(char[] text, int length) {
        Entries entries = new Entries();
        int i = 0;
        while (i < length) {
            int start = i;
            while (i < length && text[i] != '\n' && text[i] != '\r') {
                i++;
            }
            int end = i;
            if (i < length) {
                i += text[i] == '\r' && i + 1 < length && text[i + 1] == '\n' ? 2 : 1;
            }
            int keyEnd = indexOf(text, '#', start, end);
            int keyStart = PythonText.stripStart(text, start, keyEnd);
            keyEnd = PythonText.stripEnd(text, keyStart, keyEnd);
            if (keyStart == keyEnd) {
                continue;
            }
            if (entries.count == maxEntries) {
                throw new TooLargeException(
                        "the config list has more than " + maxEntries + " entries (the limit per request)");
            }
            int baseStart = PythonText.basenameStart(text, keyStart, keyEnd);
            entries.add(
                    start,
                    PythonText.stripEnd(text, start, end),
                    baseStart,
                    PythonText.splitextRootEnd(text, baseStart, keyEnd));
        }
        return entries;
    }

    /** The script's output: the lines of the entries not {@code completed}. */
    public Result echo(char[] text, Entries entries, boolean[] completed) {
        StringBuilder out = new StringBuilder();
        int remaining = 0;
        for (int k = 0; k < entries.count; k++) {
            if (!completed[k]) {
                if (remaining++ > 0) {
                    out.append('\n');
                }
                out.append(text, entries.lineStarts[k], entries.lineEnds[k] - entries.lineStarts[k]);
            }
        }
        if (remaining > 0) {
            out.append('\n');
        }
        return new Result(out.toString(), entries.count, remaining);
    }

    /** Non-blank entries: the line to echo ({@code rstrip}ped) and the project's range. */
    public static final class Entries {
        private int count;
        int[] lineStarts = new int[1024];
        int[] lineEnds = new int[1024];
        int[] projectStarts = new int[1024];
        int[] projectEnds = new int[1024];

        public int count() {
            return count;
        }

        /** Looks the projects up: {@code completed[i]} for entry i. */
        public boolean[] lookUp(char[] text, ProjectLookup lookup) {
            boolean[] completed = new boolean[count];
            lookup.completed(text, projectStarts, projectEnds, count, completed);
            return completed;
        }

        void add(int lineStart, int lineEnd, int projectStart, int projectEnd) {
            if (count == lineStarts.length) {
                int capacity = count * 2;
                lineStarts = java.util.Arrays.copyOf(lineStarts, capacity);
                lineEnds = java.util.Arrays.copyOf(lineEnds, capacity);
                projectStarts = java.util.Arrays.copyOf(projectStarts, capacity);
                projectEnds = java.util.Arrays.copyOf(projectEnds, capacity);
            }
            lineStarts[count] = lineStart;
            lineEnds[count] = lineEnd;
            projectStarts[count] = projectStart;
            projectEnds[count] = projectEnd;
            count++;
        }
    }

    private static int indexOf(char[] text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] == c) {
                return i;
            }
        }
        return to;
    }
}
