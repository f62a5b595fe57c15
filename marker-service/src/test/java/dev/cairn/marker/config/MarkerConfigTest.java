package dev.cairn.marker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.devstack.ValidatedSettings;
import dev.cairn.marker.service.MarkerRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The settings as the README names them, read through the real {@code @ConfigMapping}, and the start-up checks. */
class MarkerConfigTest {

    static MarkerConfig config(Map<String, String> properties) {
        return ValidatedSettings.of(MarkerConfig.class, properties);
    }

    @Test
    void defaultsNeedOnlyTheBucket() {
        MarkerConfig c = config(Map.of("cairn.marker.bucket", "airflow-completion-markers"));
        assertThat(c.template()).isEqualTo("completion_markers/{pipeline}/{project}/{timestamp}/");
        assertThat(c.topics().completions()).isEqualTo("cairn.completions");
        assertThat(c.topics().markers()).isEqualTo("cairn.markers");
        assertThat(c.conditionalWrites()).isEqualTo(MarkerConfig.ConditionalWrites.AUTO);
        assertThat(c.retention().enabled()).isFalse();
        assertThat(c.retention().days()).isEmpty();
        assertThat(c.lifecycle().standardIaDays()).isEqualTo(30);
        assertThat(c.lifecycle().glacierDays()).isEqualTo(90);
        assertThat(c.lifecycle().expirationDays()).isEqualTo(365);
        assertThat(c.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.pipelines()).isEmpty();
    }

    @Test
    void aMissingBucketIsNamed() {
        assertThatThrownBy(() -> config(Map.of())).hasMessageContaining("cairn.marker.bucket");
    }

    @Test
    void perPipelineStagesAndTemplatesWithDottedNames() {
        MarkerConfig c = config(Map.of(
                "cairn.marker.bucket",
                "b",
                "cairn.marker.pipelines.\"settlement.sync\".stages",
                "extract,load",
                "cairn.marker.pipelines.\"settlement.sync\".template",
                "completion_markers/{pipeline}/{project}/{stage}/{timestamp}/"));
        MarkerRules rules = new MarkerRulesProducer().markerRules(c);
        Change load = new Change(
                "stage.completed", "load", "r", Instant.parse("2025-09-12T14:30:22Z"), null, null, null, null);
        CompletionRecorded completion = new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                "e",
                "settlement.sync",
                "t",
                "default",
                List.of("extract", "load", "publish"),
                "load",
                Map.of(),
                load,
                Instant.now(),
                3);
        assertThat(rules.isMarkerDue(completion)).isTrue();
        assertThat(rules.templateFor("settlement.sync").text()).contains("{stage}");
    }

    static Stream<Arguments> refusedByValidation() {
        return Stream.of(
                Arguments.of(Map.of("cairn.marker.retention.enabled", "true"), "cairn.marker.retention.days"),
                Arguments.of(
                        Map.of("cairn.marker.retention.days", "0"),
                        "cairn.marker.retention.days must be greater than or equal to 1"),
                Arguments.of(
                        Map.of("cairn.marker.lifecycle.standard-ia-days", "10"),
                        "cairn.marker.lifecycle.standard-ia-days must be greater than or equal to 30"),
                Arguments.of(
                        Map.of("cairn.marker.lifecycle.expiration-days", "60"),
                        "must be more than cairn.marker.lifecycle.glacier-days"),
                Arguments.of(
                        Map.of("cairn.marker.lifecycle.glacier-days", "30"),
                        "must be more than cairn.marker.lifecycle.standard-ia-days"),
                Arguments.of(
                        Map.of("cairn.marker.concurrency", "0"),
                        "cairn.marker.concurrency must be greater than or equal to 1"),
                Arguments.of(Map.of("cairn.marker.retry.max-backoff", "0s"), "cairn.marker.retry.max-backoff"),
                Arguments.of(Map.of("cairn.marker.bucket", " "), "cairn.marker.bucket must not be blank"));
    }

    @ParameterizedTest
    @MethodSource("refusedByValidation")
    void invalidSettingsAreRefusedNamingTheSetting(Map<String, String> properties, String message) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("cairn.marker.bucket", "b"));
        all.putAll(properties);
        assertThatThrownBy(() -> config(all)).hasMessageContaining(message);
    }

    @Test
    void retentionWithDaysIsAccepted() {
        MarkerConfig c = config(Map.of(
                "cairn.marker.bucket",
                "b",
                "cairn.marker.retention.enabled",
                "true",
                "cairn.marker.retention.days",
                "7"));
        assertThat(c.retention().days()).hasValue(7);
    }

    static Stream<Arguments> refusedByTheRules() {
        return Stream.of(
                Arguments.of(
                        Map.of("cairn.marker.pipelines.\"settlement.sync\".stages", "extract,load"),
                        "pipeline 'settlement.sync' writes markers for 2 stages"),
                Arguments.of(
                        Map.of("cairn.marker.template", "completion_markers/{pipeline}/{timestamp}/"),
                        "cairn.marker.template: "));
    }

    @ParameterizedTest
    @MethodSource("refusedByTheRules")
    void collidingOrMalformedTemplatesStopStartUpNamingTheSetting(Map<String, String> properties, String message) {
        Map<String, String> all = new java.util.HashMap<>(properties);
        all.put("cairn.marker.bucket", "b");
        MarkerConfig c = config(all);
        assertThatThrownBy(() -> new MarkerRulesProducer().markerRules(c))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message);
    }
}
