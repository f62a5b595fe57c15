package dev.cairn.planner.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.devstack.ValidatedSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link PlannerConfig} through the real {@code @ConfigMapping} and Bean Validation, as Quarkus reads it at start-up. */
class PlannerConfigTest {

    @Test
    void theDefaultsAreValid() {
        PlannerConfig config = ValidatedSettings.of(PlannerConfig.class, Map.of());
        assertThat(config.topic()).isEqualTo(dev.cairn.contracts.Topics.COMPLETIONS);
        assertThat(config.limits().maxNames()).isEqualTo(1_000_000);
        assertThat(config.freshTimeout()).hasSeconds(10);
        assertThat(config.ledgerUrl()).isEmpty();
        assertThat(config.dashboard().markerUrl()).isEmpty();
        assertThat(config.dashboard().markerGroup()).isEqualTo("marker-service");
        assertThat(config.snapshot().dir())
                .as("no snapshot unless a directory is given")
                .isEmpty();
        assertThat(config.snapshot().interval()).hasSeconds(30);
        assertThat(config.snapshot().maxAge()).hasHours(12);
    }

    @Test
    void theDashboardReadsTheOtherServicesUrls() {
        PlannerConfig config = ValidatedSettings.of(
                PlannerConfig.class,
                Map.of(
                        "cairn.planner.ledger-url", "http://ledger:8081",
                        "cairn.planner.ledger-token", "t",
                        "cairn.planner.dashboard.bootstrap-url", "http://bootstrap:8083"));
        assertThat(config.ledgerUrl()).hasValue("http://ledger:8081");
        assertThat(config.ledgerToken()).hasValue("t");
        assertThat(config.dashboard().bootstrapUrl()).hasValue(java.net.URI.create("http://bootstrap:8083"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "cairn.planner.reader.max-poll-records|0|must be greater than or equal to 1",
                "cairn.planner.limits.max-names|0|must be greater than or equal to 1",
                "cairn.planner.limits.max-body-bytes|10|must be greater than or equal to 1024",
                "cairn.planner.fresh-timeout|0s|must be",
                "cairn.planner.ledger-url|localhost:8081|must be an http(s) URL",
                "cairn.planner.dashboard.stream-interval|1ms|must be",
                "cairn.planner.snapshot.interval|100ms|must be",
                "cairn.planner.snapshot.max-age|10s|must be"
            })
    void anInvalidSettingStopsStartUpNamingIt(String setting, String value, String message) {
        String refusal = ValidatedSettings.refusal(PlannerConfig.class, Map.of(setting, value));
        assertThat(refusal).contains(setting.substring(setting.lastIndexOf('.') + 1) + " " + message);
    }
}
