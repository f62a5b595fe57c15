package dev.cairn.planner.rest;

import dev.cairn.contracts.Names;
import dev.cairn.planner.service.NameBatch;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link PlanRequestReader}: a scan of the whole body for the one shape clients send, with the names
 * going straight from the body's bytes into a {@link NameBatch}. It accepts only a body whose every byte it
 * understands: one object with the fields {@code pipeline}, {@code config_id}, {@code skip_if_complete} (strings or
 * {@code null}) and {@code projects} (an array of strings), each at most once, in any order, JSON whitespace between
 * tokens, and strings of at most {@link Names#MAX_LENGTH} printable ASCII characters without escapes. Anything else
 * (an unknown field, an escape, a number, a duplicate field, too many names, a syntax error) returns null, and the
 * reader parses the body again with Jackson, whose answer or error is then the one the client gets: so the
 * scanner changes how fast a body is read, never what it means.
 */
final class PlanBodyScanner {

    private final byte[] b;
    private final int end;
    private final int maxNames;
    private int pos;

    private PlanBodyScanner(byte[] body, int length, int maxNames) {
        this.b = body;
        this.end = length;
        this.maxNames = maxNames;
    }

    /** The request in {@code body[0, length)}, or null when the body is not in the shape this scanner reads. */
    static PlanRequestReader.PlanRequest scan(byte[] body, int length, int maxNames) {
        return new PlanBodyScanner(body, length, maxNames).request();
    }

    private PlanRequestReader.PlanRequest request() {
        String[] text = new String[3];
        boolean[] seen = new boolean[4];
        NameBatch projects = null;
        if (!skipSpaceTo('{')) {
            return null;
        }
        pos++;
        boolean first = true;
        while (true) {
            if (!skipSpace()) {
                return null;
            }
            if (b[pos] == '}') {
                if (!first) {
                    return null; // a comma before the closing brace
                }
                pos++;
                break;
            }
            int field = fieldName();
            if (field < 0 || seen[field] || !skipSpaceTo(':')) {
                return null;
            }
            seen[field] = true;
            pos++;
            if (!skipSpace()) {
                return null;
            }
            if (field == 3) {
                projects = names();
                if (projects == null) {
                    return null;
                }
            } else if (!value(text, field)) {
                return null;
            }
            if (!skipSpace()) {
                return null;
            }
            if (b[pos] == '}') {
                pos++;
                break;
            }
            if (b[pos] != ',') {
                return null;
            }
            pos++;
            first = false;
            if (!skipSpace() || b[pos] != '"') {
                return null;
            }
        }
        if (skipSpace() || projects == null) {
            return null; // content after the object, or no projects: Jackson words the error
        }
        return new PlanRequestReader.PlanRequest(text[0], text[1], text[2], projects);
    }

    /** 0 pipeline, 1 config_id, 2 skip_if_complete, 3 projects, -1 anything else. */
    private int fieldName() {
        int start = stringEnd();
        if (start < 0) {
            return -1;
        }
        int from = start + 1;
        int len = pos - 1 - from;
        if (is("pipeline", from, len)) {
            return 0;
        }
        if (is("config_id", from, len)) {
            return 1;
        }
        if (is("skip_if_complete", from, len)) {
            return 2;
        }
        return is("projects", from, len) ? 3 : -1;
    }

    private boolean value(String[] text, int field) {
        if (b[pos] == '"') {
            int start = stringEnd();
            if (start < 0) {
                return false;
            }
            text[field] = new String(b, start + 1, pos - start - 2, StandardCharsets.ISO_8859_1);
            return true;
        }
        if (pos + 4 <= end && b[pos] == 'n' && b[pos + 1] == 'u' && b[pos + 2] == 'l' && b[pos + 3] == 'l') {
            pos += 4;
            return pos == end || isSpace(b[pos]) || b[pos] == ',' || b[pos] == '}';
        }
        return false;
    }

    private NameBatch names() {
        if (b[pos] != '[') {
            return null;
        }
        pos++;
        NameBatch names = new NameBatch();
        if (!skipSpace()) {
            return null;
        }
        if (b[pos] == ']') {
            pos++;
            return names;
        }
        while (true) {
            if (names.size() == maxNames) {
                return null;
            }
            int start = stringEnd();
            if (start < 0) {
                return null;
            }
            names.add(b, start + 1, pos - start - 2);
            if (!skipSpace()) {
                return null;
            }
            byte c = b[pos++];
            if (c == ']') {
                return names;
            }
            if (c != ',' || !skipSpace()) {
                return null;
            }
        }
    }

    /**
     * At a {@code "}: moves past the string's closing quote and returns the opening quote's index, or -1 when the
     * string is not plain printable ASCII of at most {@link Names#MAX_LENGTH} characters, or not closed.
     */
    private int stringEnd() {
        int start = pos;
        if (pos >= end || b[pos] != '"') {
            return -1;
        }
        int limit = Math.min(end, pos + 2 + Names.MAX_LENGTH);
        for (int i = pos + 1; i < limit; i++) {
            byte c = b[i];
            if (c == '"') {
                pos = i + 1;
                return start;
            }
            if (c < 0x20 || c == '\\' || c == 0x7F) { // negative: a byte of a multi-byte character
                return -1;
            }
        }
        return -1;
    }

    /** Skips JSON whitespace; false at the end of the body. */
    private boolean skipSpace() {
        while (pos < end && isSpace(b[pos])) {
            pos++;
        }
        return pos < end;
    }

    private boolean skipSpaceTo(char c) {
        return skipSpace() && b[pos] == c;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private boolean is(String field, int from, int len) {
        if (len != field.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[from + i] != field.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
