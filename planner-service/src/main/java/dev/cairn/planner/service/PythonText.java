package dev.cairn.planner.service;

/**
 * The few Python 3 string rules that {@code generate_remaining_configs.py} depends on, over a {@code char[]} range
 * so the config-list path allocates nothing per line: {@code str.isspace()} (hence {@code strip()} and
 * {@code rstrip()}), {@code os.path.basename} and {@code os.path.splitext} (POSIX). Each method returns an index.
 */
public final class PythonText {

    private PythonText() {}

    /**
     * Python's {@code str.isspace()} for one character: the 29 code points of Unicode 15 with bidirectional type
     * WS, B or S, or category Zs (checked against CPython 3.11). Java's {@code Character.isWhitespace} differs
     * (it excludes U+00A0, U+2007, U+202F), so it cannot be used.
     */
    public static boolean isSpace(char c) {
        if (c <= ' ') {
            return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
        }
        if (c < 0x85) {
            return false;
        }
        return c == 0x85
                || c == 0xA0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000;
    }

    /** First index of [from, to) that is not Python whitespace ({@code to} when all are). */
    public static int stripStart(char[] text, int from, int to) {
        int i = from;
        while (i < to && isSpace(text[i])) {
            i++;
        }
        return i;
    }

    /** End of [from, to) once trailing Python whitespace is removed ({@code str.rstrip()}). */
    public static int stripEnd(char[] text, int from, int to) {
        int i = to;
        while (i > from && isSpace(text[i - 1])) {
            i--;
        }
        return i;
    }

    /** Start of {@code os.path.basename} of [from, to): the character after the last {@code '/'}. */
    public static int basenameStart(char[] text, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (text[i] == '/') {
                return i + 1;
            }
        }
        return from;
    }

    /**
     * End of {@code os.path.splitext(name)[0]} for a base name [from, to): the last {@code '.'} starts the
     * extension unless only dots precede it ({@code ".bashrc"}, {@code "..a"} have none; {@code "a."} has ".").
     */
    public static int splitextRootEnd(char[] text, int from, int to) {
        int dot = -1;
        for (int i = to - 1; i >= from; i--) {
            if (text[i] == '.') {
                dot = i;
                break;
            }
        }
        if (dot < 0) {
            return to;
        }
        for (int i = from; i < dot; i++) {
            if (text[i] != '.') {
                return dot;
            }
        }
        return to;
    }
}
