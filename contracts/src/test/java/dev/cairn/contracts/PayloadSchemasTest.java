package dev.cairn.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadSchemasTest {

    private final SchemaValidator completions = new SchemaValidator(SchemaValidator.COMPLETION_RECORDED);
    private final SchemaValidator markers = new SchemaValidator(SchemaValidator.MARKER_WRITTEN);

    @Test
    void completionRecordedExampleIsValidAndRoundTrips() throws Exception {
        ObjectNode json = StageEventValidatorTest.example("completion-recorded.json");
        assertThat(completions.validate(json)).isEmpty();

        CompletionRecorded record = Json.mapper().treeToValue(json, CompletionRecorded.class);
        assertThat(record.level()).isEqualTo("metashape");
        assertThat(record.levelIndex()).isZero();
        assertThat(record.finalStage()).isEqualTo("postprocess");
        assertThat(record.stageStates().get("metashape").attempts()).isEqualTo(1);
        assertThat(record.key()).isEqualTo("photogrammetry/mission_001/default");

        ObjectNode written = Json.mapper().valueToTree(record);
        assertThat(completions.validate(written)).isEmpty();
        assertThat(Json.mapper().treeToValue(written, CompletionRecorded.class)).isEqualTo(record);
    }

    @Test
    void completionWithoutLevelIsValid() throws Exception {
        CompletionRecorded started = new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                "e-1",
                "p",
                "m",
                "default",
                List.of("a", "b"),
                null,
                java.util.Map.of("a", new StageState("started", null, null, "run-1", 1)),
                new Change("stage.started", "a", "run-1", Instant.EPOCH, null, null, null, null),
                Instant.EPOCH,
                1);
        ObjectNode json = Json.mapper().valueToTree(started);
        json.putNull("level"); // explicit null, as the ledger writes it
        assertThat(completions.validate(json)).isEmpty();
        assertThat(started.levelIndex()).isEqualTo(-1);
    }

    @Test
    void completionRecordedReportsEveryMissingField() {
        List<Problem> problems = completions.validate(Json.mapper().createObjectNode());
        assertThat(problems)
                .extracting(Problem::field)
                .contains(
                        "event_id",
                        "pipeline",
                        "project",
                        "config_id",
                        "stages",
                        "level",
                        "stage_states",
                        "change",
                        "recorded_at",
                        "version",
                        "schema");
    }

    @Test
    void markerWrittenExampleIsValidAndRoundTrips() throws Exception {
        ObjectNode json = StageEventValidatorTest.example("marker-written.json");
        assertThat(markers.validate(json)).isEmpty();
        MarkerWritten record = Json.mapper().treeToValue(json, MarkerWritten.class);
        assertThat(record.keys()).hasSize(3).last().asString().endsWith("completion_marker.txt");
        assertThat(markers.validate(Json.mapper().valueToTree(record))).isEmpty();
    }

    @Test
    void markerWrittenWithHostileProjectIsInvalid() {
        ObjectNode json = StageEventValidatorTest.example("marker-written.json");
        json.put("project", "a/b");
        assertThat(markers.validate(json)).extracting(Problem::field).containsExactly("project");
    }

    @Test
    void completionLogEntryKeepsTheSeedFieldOrder() throws Exception {
        CompletionLogEntry entry = new CompletionLogEntry(
                "mission_001", "default", "postprocess", "2024-01-15T10:30:00Z", "automate-metashape-workflow-abc123");
        assertThat(Json.mapper().writeValueAsString(entry))
                .isEqualTo(
                        "{\"project_name\":\"mission_001\",\"config_id\":\"default\",\"completion_level\":\"postprocess\","
                                + "\"timestamp\":\"2024-01-15T10:30:00Z\",\"workflow_name\":\"automate-metashape-workflow-abc123\"}");
    }

    @Test
    void keysJoinTheThreeNames() {
        assertThat(Topics.key("us_dw_hybrid_v1_2", "settlement.settle_orders", "default"))
                .isEqualTo("us_dw_hybrid_v1_2/settlement.settle_orders/default");
    }
}
