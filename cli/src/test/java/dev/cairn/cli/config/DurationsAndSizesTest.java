package dev.cairn.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationsAndSizesTest {

    @ParameterizedTest
    @CsvSource({"90s, 90", "5m, 300", "1h30m, 5400", "2d, 172800", "PT1H, 3600", "500ms, 0"})
    void durationsAsPeopleWriteThem(String text, long seconds) {
        assertThat(Durations.parse(text).toSeconds()).isEqualTo(seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "1x", "0s", "-5m", "5m30"})
    void otherTextIsRefused(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @ParameterizedTest
    @CsvSource({"16MiB, 16777216", "8MB, 8388608", "64k, 65536", "1GiB, 1073741824", "5242880, 5242880"})
    void sizes(String text, long bytes) {
        assertThat(new Sizes().convert(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "16 TB", "-1"})
    void otherSizesAreRefused(String text) {
        assertThatThrownBy(() -> new Sizes().convert(text)).isInstanceOf(CommandLine.TypeConversionException.class);
        assertThat(Durations.format(Duration.ofSeconds(5400))).isEqualTo("1h 30m");
    }
}
