package dev.cairn.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.devstack.ValidatedSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link BootstrapConfig} through the real {@code @ConfigMapping} and Bean Validation, as Quarkus reads it at start-up. */
class BootstrapConfigTest {

    static final Map<String, String> LEDGER = Map.of("cairn.bootstrap.ledger-url", "http://ledger:8081");

    @Test
    void theDefaultsAreValidAndAllowNoBucket() {
        BootstrapConfig config = ValidatedSettings.of(BootstrapConfig.class, LEDGER);
        assertThat(config.topic()).isEqualTo(dev.cairn.contracts.Topics.STAGE_EVENTS);
        assertThat(config.pageSize()).isEqualTo(1000);
        assertThat(config.allowedBuckets()).isEmpty();
        assertThat(config.ledgerToken()).isEmpty();
    }

    @Test
    void theLedgerUrlIsRequiredAndMustBeAnHttpUrl() {
        assertThat(ValidatedSettings.refusal(BootstrapConfig.class, Map.of())).contains("ledger-url");
        assertThat(ValidatedSettings.refusal(
                        BootstrapConfig.class, Map.of("cairn.bootstrap.ledger-url", "ledger:8081")))
                .contains("ledger-url must be an http(s) URL");
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
        Map<String, String> settings = new java.util.HashMap<>(LEDGER);
        settings.put(setting, value);
        String refusal = ValidatedSettings.refusal(BootstrapConfig.class, settings);
        assertThat(refusal).contains(setting.substring(setting.lastIndexOf('.') + 1) + " " + message);
    }
}
