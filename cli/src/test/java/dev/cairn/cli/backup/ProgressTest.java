package dev.cairn.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void aTerminalGetsABarRedrawnInPlaceAndALogGetsPlainLines() {
        assertThat(render(Progress.Mode.auto, true)).contains("\r[", "#").endsWith("\n");
        String lines = render(Progress.Mode.auto, false);
        assertThat(lines).doesNotContain("\r").contains("progress: 100%", "2/2 files");
        assertThat(render(Progress.Mode.none, true)).isEmpty();
    }

    private static String render(Progress.Mode mode, boolean terminal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(bytes, true), mode, terminal, 2, 2048)) {
            p.fileDone(1024, true);
            p.fileDone(1024, true);
        }
        return bytes.toString();
    }

    @Test
    void sizesAreReadable() {
        assertThat(Progress.size(12)).isEqualTo("12 B");
        assertThat(Progress.size(200L * 1024 * 1024)).isEqualTo("200.0 MiB");
        assertThat(Progress.size(1L << 30)).isEqualTo("1.0 GiB");
    }
}
