package dev.cairn.bootstrap.importlog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a body line by line without ever holding more than {@code maxBytes} of one line: a longer line is skipped to
 * its end and reported as {@link Line#tooLong()}, however long it is (a 64 MiB line without a line break is one such
 * line). Line breaks are {@code \n}, {@code \r\n} and a lone {@code \r}, as {@link java.io.BufferedReader} reads them.
 * A UTF-8 byte order mark at the start of the body is skipped; bytes that are not UTF-8 make {@link Line#text()} null.
 */
public final class BoundedLines {

    /** One line: its text (null when not UTF-8 or too long), and whether it was cut for being too long. */
    public record Line(String text, boolean tooLong) {}

    private static final int EOF = -1;

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private final byte[] line;
    private int pos;
    private int end;
    private boolean first = true;
    private boolean pendingCr;

    public BoundedLines(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.line = new byte[maxBytes];
    }

    /** The next line, or null at the end of the body. */
    public Line next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            int b = read();
            if (b == EOF) {
                return any ? line(length, tooLong) : null;
            }
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    continue;
                }
            }
            any = true;
            if (b == '\n') {
                return line(length, tooLong);
            }
            if (b == '\r') {
                pendingCr = true;
                return line(length, tooLong);
            }
            if (length < maxBytes) {
                line[length++] = (byte) b;
            } else {
                tooLong = true;
            }
        }
    }

    private Line line(int length, boolean tooLong) {
        int start = 0;
        if (first) {
            first = false;
            if (length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
                start = 3;
            }
        }
        if (tooLong) {
            return new Line(null, true);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return new Line(
                    utf8.decode(ByteBuffer.wrap(line, start, length - start)).toString(), false);
        } catch (CharacterCodingException e) {
            return new Line(null, false);
        }
    }

    private int read() throws IOException {
        if (pos == end) {
            end = in.read(buffer, 0, buffer.length);
            pos = 0;
            if (end <= 0) {
                end = 0;
                return EOF;
            }
        }
        return buffer[pos++] & 0xFF;
    }
}
