package dev.cairn.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.cli.CliException;
import dev.cairn.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactScannerTest {

    @Test
    void keepsNestedPathsAndListsWhatItFiltersOut(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("assets/photos"));
        Files.writeString(root.resolve("report.html"), "x");
        Files.writeString(root.resolve("assets/photos/a.JPG"), "x");
        Files.writeString(root.resolve("assets/style.css"), "x");
        Files.createSymbolicLink(root.resolve("linked.png"), root.resolve("assets/photos/a.JPG"));
        ArtifactScanner.Scan scan = ArtifactScanner.scan(ArtifactType.REPORT, root);
        assertThat(scan.files())
                .extracting(LocalFile::relativePath)
                .containsExactly("assets/photos/a.JPG", "linked.png", "report.html");
        assertThat(scan.filteredOut()).containsExactly(root.resolve("assets/style.css"));
    }

    @Test
    void aSymlinkLoopOrABrokenLinkIsAUsageErrorNamingThePath(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("a/b/up"), root.resolve("a"));
        assertThatThrownBy(() -> ArtifactScanner.scan(ArtifactType.LOGS, root))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(root.resolve("a/b/up").toString())
                .hasMessageContaining("loop")
                .extracting(e -> ((CliException) e).exitCode())
                .isEqualTo(ExitCodes.USAGE);
        Files.delete(root.resolve("a/b/up"));
        Files.createSymbolicLink(root.resolve("a/old.log"), root.resolve("a/gone.log"));
        assertThatThrownBy(() -> ArtifactScanner.scan(ArtifactType.LOGS, root))
                .hasMessageContaining(root.resolve("a/old.log").toString())
                .hasMessageContaining("broken symbolic link");
        assertThatThrownBy(() -> ArtifactScanner.scan(ArtifactType.LOGS, root.resolve("nope")))
                .hasMessageContaining(root.resolve("nope").toString());
    }
}
