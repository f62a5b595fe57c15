package dev.cairn.marker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.marker.config.MarkerConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MarkerRulesTest {

    private static final MarkerRules RULES = MarkerRules.of(
            MarkerConfig.DEFAULT_TEMPLATE,
            Map.of("staged", Optional.of(List.of("ingest", "publish"))),
            Map.of("staged", Optional.of("completion_markers/{pipeline}/{project}/{stage}/{timestamp}/")));

    static Stream<Arguments> completions() {
        return Stream.of(
                Arguments.of("photogrammetry", "stage.completed", "postprocess", true), // final stage
                Arguments.of("photogrammetry", "stage.completed", "metashape", false), // not final
                Arguments.of("photogrammetry", "stage.started", "postprocess", false),
                Arguments.of("photogrammetry", "stage.failed", "postprocess", false),
                Arguments.of("photogrammetry", "reset", "postprocess", false),
                Arguments.of("staged", "stage.completed", "ingest", true), // opted in
                Arguments.of("staged", "stage.completed", "publish", true),
                Arguments.of("staged", "stage.completed", "postprocess", false)); // final, but not listed
    }

    @ParameterizedTest
    @MethodSource("completions")
    void markerIsDueForFinalOrOptedInStagesOnly(String pipeline, String type, String stage, boolean due) {
        assertThat(RULES.isMarkerDue(completion(pipeline, type, stage))).isEqualTo(due);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("photogrammetry", "stage.failed", "metashape", true), // any stage, on by default
                Arguments.of("photogrammetry", "stage.failed", "postprocess", true),
                Arguments.of("staged", "stage.failed", "postprocess", true), // not a marker stage: still a failure
                Arguments.of("quiet", "stage.failed", "postprocess", false), // switched off for this pipeline
                Arguments.of("photogrammetry", "stage.completed", "postprocess", false),
                Arguments.of("photogrammetry", "stage.started", "postprocess", false),
                Arguments.of("photogrammetry", "reset", "postprocess", false));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void failureMarkerIsDueForEveryFailedStageOfPipelinesWithThemOn(
            String pipeline, String type, String stage, boolean due) {
        MarkerRules rules = RULES.withFailureMarkers(true, Map.of("quiet", false));
        assertThat(rules.isFailureMarkerDue(completion(pipeline, type, stage))).isEqualTo(due);
        assertThat(RULES.withFailureMarkers(false, Map.of("photogrammetry", true))
                        .isFailureMarkerDue(completion("other", "stage.failed", stage)))
                .isFalse();
    }

    private static CompletionRecorded completion(String pipeline, String type, String stage) {
        Change change = new Change(type, stage, "run-1", Instant.parse("2024-01-15T10:30:00Z"), null, null, null, null);
        return new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                "e-1",
                pipeline,
                "mission_001",
                "default",
                List.of("metashape", "ingest", "publish", "postprocess"),
                stage,
                Map.of(),
                change,
                Instant.now(),
                1);
    }

    @Test
    void eachPipelineUsesItsOwnTemplate() {
        assertThat(RULES.templateFor("staged").text())
                .isEqualTo("completion_markers/{pipeline}/{project}/{stage}/{timestamp}/");
        assertThat(RULES.templateFor("other").text()).isEqualTo(MarkerConfig.DEFAULT_TEMPLATE);
        assertThat(RULES.templates()).hasSize(2);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(
                        Map.of("settlement.x", Optional.of(List.of("extract", "load"))),
                        Map.of(),
                        "pipeline 'settlement.x' writes markers for 2 stages [extract, load] but its template"),
                Arguments.of(
                        Map.of("p", Optional.of(List.of("a", "a"))),
                        Map.of("p", Optional.of("m/{pipeline}/{project}/{stage}/{timestamp}/")),
                        "cairn.marker.pipelines.\"p\".stages lists a stage twice"),
                Arguments.of(Map.of("p", Optional.of(List.of("a/b"))), Map.of(), "the stage 'a/b' contains '/'"),
                Arguments.of(
                        Map.of(),
                        Map.of("p", Optional.of("m/{pipeline}/{timestamp}/")),
                        "cairn.marker.pipelines.\"p\".template: the template"),
                Arguments.of(
                        Map.of("bad name", Optional.of(List.of("a"))),
                        Map.of(),
                        "cairn.marker.pipelines.\"bad name\": the pipeline name"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesConfigurationsWhoseMarkersCouldCollide(
            Map<String, Optional<List<String>>> stages, Map<String, Optional<String>> templates, String message) {
        assertThatThrownBy(() -> MarkerRules.of(MarkerConfig.DEFAULT_TEMPLATE, stages, templates))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message);
    }

    @Test
    void refusesABadDefaultTemplateNamingTheSetting() {
        assertThatThrownBy(() -> MarkerRules.of("x/{pipeline}/{timestamp}/", Map.of(), Map.of()))
                .hasMessageStartingWith("cairn.marker.template: ");
    }
}
