package dev.cairn.ledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.devstack.ValidatedSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link LedgerConfig} through the real {@code @ConfigMapping} and Bean Validation, as Quarkus reads it at start-up. */
class LedgerConfigTest {

    @Test
    void theDefaultsAreValid() {
        LedgerConfig config = ValidatedSettings.of(LedgerConfig.class, Map.of());
        assertThat(config.completionsTopic()).isEqualTo(dev.cairn.contracts.Topics.COMPLETIONS);
        assertThat(config.maxBatch()).isEqualTo(2000);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "cairn.ledger.max-batch|0|must be greater than or equal to 1",
                "cairn.ledger.apply-concurrency|0|must be greater than or equal to 1",
                "cairn.ledger.relay.batch-size|0|must be greater than or equal to 1",
                "cairn.ledger.relay.idle-wait|0s|must be",
                "cairn.ledger.http.max-events|0|must be greater than or equal to 1",
                "cairn.ledger.commit-interval-ms|0|must be greater than or equal to 1",
                "cairn.ledger.commit-interval-ms|6000|must be less than or equal to 5000",
                "cairn.ledger.barrier.poll-interval|0s|must be"
            })
    void anInvalidSettingStopsStartUpNamingIt(String setting, String value, String message) {
        String refusal = ValidatedSettings.refusal(LedgerConfig.class, Map.of(setting, value));
        assertThat(refusal).contains(setting.substring(setting.lastIndexOf('.') + 1) + " " + message);
    }
}
