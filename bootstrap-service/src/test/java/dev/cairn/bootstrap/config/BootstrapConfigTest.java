package dev.cairn.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.devstack.ValidatedSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link BootstrapConfig} through the real {@code @ConfigMapping} and Bean Validation, as Quarkus reads it at start-up. */
class BootstrapConfigTest {

    @Test
    void theDefaultsAreValid() {
        BootstrapConfig config = ValidatedSettings.of(BootstrapConfig.class, Map.of());
        assertThat(config.topic()).isEqualTo(dev.cairn.contracts.Topics.STAGE_EVENTS);
        assertThat(config.pageSize()).isEqualTo(1000);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "cairn.bootstrap.page-size|1001|must be less than or equal to 1000",
                "cairn.bootstrap.list-concurrency|0|must be greater than or equal to 1",
                "cairn.bootstrap.emit-batch-size|0|must be greater than or equal to 1",
                "cairn.bootstrap.poll-interval|100ms|must be",
                "cairn.bootstrap.s3-retry.max-attempts|0|must be greater than or equal to 1"
            })
    void anInvalidSettingStopsStartUpNamingIt(String setting, String value, String message) {
        String refusal = ValidatedSettings.refusal(BootstrapConfig.class, Map.of(setting, value));
        assertThat(refusal).contains(setting.substring(setting.lastIndexOf('.') + 1) + " " + message);
    }
}
