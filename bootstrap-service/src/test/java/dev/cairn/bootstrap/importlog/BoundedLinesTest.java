package dev.cairn.bootstrap.importlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded line reader of the completion-log import: line breaks, BOM, invalid UTF-8, and a line that never ends. */
class BoundedLinesTest {

    private static List<BoundedLines.Line> read(InputStream in, int max) throws IOException {
        BoundedLines lines = new BoundedLines(in, max);
        List<BoundedLines.Line> out = new ArrayList<>();
        for (BoundedLines.Line l = lines.next(); l != null; l = lines.next()) {
            out.add(l);
        }
        return out;
    }

    private static List<BoundedLines.Line> read(byte[] body) throws IOException {
        return read(new ByteArrayInputStream(body), 16);
    }

    @Test
    void aLineOf64MiBWithoutALineBreakIsOneTooLongLineAndIsNeverHeldWhole() throws IOException {
        long size = 64L * 1024 * 1024;
        InputStream endless = new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        List<BoundedLines.Line> lines = read(endless, 65536);
        assertThat(lines).containsExactly(new BoundedLines.Line(null, true));
    }

    @Test
    void lineBreaksAreLfCrlfAndALoneCr() throws IOException {
        assertThat(read("a\nb\r\nc\rd".getBytes(StandardCharsets.UTF_8)))
                .extracting(BoundedLines.Line::text)
                .containsExactly("a", "b", "c", "d");
        assertThat(read("a\n\n".getBytes(StandardCharsets.UTF_8)))
                .extracting(BoundedLines.Line::text)
                .containsExactly("a", "");
    }

    @Test
    void aByteOrderMarkAtTheStartIsSkippedAndOnlyThere() throws IOException {
        byte[] body = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', '\n', (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'b'};
        assertThat(read(body)).extracting(BoundedLines.Line::text).containsExactly("a", "\uFEFFb");
    }

    @Test
    void invalidUtf8IsAnUnreadableLineAndTheNextLineIsRead() throws IOException {
        byte[] body = {'a', (byte) 0xC3, '(', '\n', (byte) 0xC0, (byte) 0xAF, '\n', 'o', 'k'};
        assertThat(read(body))
                .containsExactly(
                        new BoundedLines.Line(null, false),
                        new BoundedLines.Line(null, false),
                        new BoundedLines.Line("ok", false));
    }

    @Test
    void aLineOverTheLimitIsCutAndTheNextOneIsWhole() throws IOException {
        assertThat(read(("x".repeat(17) + "\nshort").getBytes(StandardCharsets.UTF_8)))
                .containsExactly(new BoundedLines.Line(null, true), new BoundedLines.Line("short", false));
    }
}
