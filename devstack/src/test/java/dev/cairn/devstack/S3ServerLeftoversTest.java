package dev.cairn.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store's unfinished writes (left by a kill -9) are removed before a restart; objects are kept. */
class S3ServerLeftoversTest {

    @TempDir
    Path data;

    @Test
    void onlyTheFilesOfInterruptedWritesAreRemoved() throws Exception {
        Path folder = Files.createDirectories(data.resolve("bucket/completion_markers/p/20250912_030014"));
        Path object = Files.writeString(folder.resolve("execution_metadata.json"), "{}");
        Path leftover =
                Files.writeString(folder.resolve("execution_metadata.json-de0d9f65-89bd-4976-8a0f-436c11a44561"), "{");
        Path lookalike = Files.writeString(folder.resolve("run-de0d9f65.json"), "{}");

        assertThat(S3Server.removeInterruptedWrites(data)).isEqualTo(1);

        assertThat(leftover).doesNotExist();
        assertThat(object).exists();
        assertThat(lookalike).exists();
        assertThat(S3Server.removeInterruptedWrites(data.resolve("absent"))).isZero();
    }
}
