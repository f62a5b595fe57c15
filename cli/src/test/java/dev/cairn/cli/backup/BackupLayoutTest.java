package dev.cairn.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupLayoutTest {

    @ParameterizedTest
    @CsvSource({
        "20251030_1200, true",
        "20240229_2359, true",
        "20250229_1200, false",
        "20251330_1200, false",
        "20251030_2400, false",
        "2025103_1200, false",
        "20251030-1200, false",
        "20251030_1200x, false"
    })
    void timestampsAreRealDatesAndTimes(String value, boolean valid) {
        assertThat(BackupLayout.isTimestamp(value)).isEqualTo(valid);
    }

    @Test
    void keysKeepRelativePathsUnderOneTimestampPerRun() {
        BackupLayout layout = new BackupLayout("RMI25320", "20251030_1430", true);
        LocalFile chart =
                new LocalFile(ArtifactType.REPORT, "assets/chart.png", Path.of("x"), 1, FileTime.fromMillis(0));
        LocalFile config = new LocalFile(ArtifactType.CONFIG, "config.yaml", Path.of("y"), 1, FileTime.fromMillis(0));
        assertThat(layout.key(chart)).isEqualTo("RMI25320/report/20251030_1430/assets/chart.png");
        assertThat(layout.key(config)).isEqualTo("RMI25320/config/20251030_1430/config.yaml");
        assertThat(layout.manifestKey()).isEqualTo("RMI25320/_manifests/20251030_1430.json");
        assertThat(layout.timestampOfManifest("RMI25320/_manifests/20251030_1430.json"))
                .contains("20251030_1430");
        assertThat(layout.timestampOfManifest("RMI25320/_manifests/latest.json"))
                .isEmpty();
        assertThat(new BackupLayout("RMI25320", "20251030_1430", false).key(config))
                .isEqualTo("RMI25320/config/config.yaml");
        assertThat(BackupLayout.timestampOf(Instant.parse("2025-10-30T14:30:59Z")))
                .isEqualTo("20251030_1430");
    }
}
