package dev.cairn.planner.service;

import dev.cairn.service.ApiException;

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
 * Nothing is allocated per line: the project name is handed to {@link ProjectLookup} as a range of the text.
 */
public final class ConfigListFilter {

    /** Whether the project named by {@code text[from, to)} counts as completed. */
    @FunctionalInterface
    public interface ProjectLookup {
        boolean isCompleted(char[] text, int from, int to);
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

    public Result filter(char[] text, int length, ProjectLookup lookup) {
        StringBuilder out = new StringBuilder();
        int entries = 0;
        int remaining = 0;
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
            if (++entries > maxEntries) {
                throw new ApiException(413, "payload_too_large",
                        "the config list has more than " + maxEntries + " entries (the limit per request)");
            }
            int baseStart = PythonText.basenameStart(text, keyStart, keyEnd);
            int projectEnd = PythonText.splitextRootEnd(text, baseStart, keyEnd);
            if (!lookup.isCompleted(text, baseStart, projectEnd)) {
                if (remaining++ > 0) {
                    out.append('\n');
                }
                out.append(text, start, PythonText.stripEnd(text, start, end) - start);
            }
        }
        if (remaining > 0) {
            out.append('\n');
        }
        return new Result(out.toString(), entries, remaining);
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
