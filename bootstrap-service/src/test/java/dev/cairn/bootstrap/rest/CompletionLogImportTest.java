package dev.cairn.bootstrap.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.bootstrap.LedgerProcessResource;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.StageEventValidator;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.KafkaTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A seed-format completion log with malformed lines: those are reported by number, the rest imported; a re-import repeats the same events. */
@QuarkusTest
@QuarkusTestResource(LedgerProcessResource.class)
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        initArgs = @ResourceArg(name = "services", value = "kafka,postgres,s3"))
class CompletionLogImportTest {

    static final String LOG = """
            {"project_name":"mission_001","config_id":"default","completion_level":"postprocess","timestamp":"2024-01-15T10:30:00Z","workflow_name":"automate-metashape-workflow-abc123"}
            {"project_name":"mission_002","config_id":"highres","completion_level":"metashape","timestamp":"2024-01-15T11:45:00Z","workflow_name":"automate-metashape-workflow-def456"}
            {"project_name":"mission_003","config_id":"default","completion_level":"metashape","timestamp":"2024-01-16T08:00:00+00:00","workflow_name":"retroactive-bootstrap"}
            {"project_name":"mission_004","config_id":"default","completion_level":"metashape","timestamp":"unknown","workflow_name":"retroactive-bootstrap"}
            {"project_name":"mission_005","config_id":"default","completion_level":"metashape",

            {"project_name":"../etc/passwd","config_id":"default","completion_level":"metashape","timestamp":"2024-01-15T10:30:00Z"}
            {"project_name":"mission_006","completion_level":"postprocess","timestamp":"2024-01-17T09:00:00"}
            {"project_name":"mission_007","config_id":"default","timestamp":"2024-01-15T10:30:00Z"}
            """;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    private static JsonPath post(String pipeline, String body, String contentType) {
        return given().contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/imports/completion-log?pipeline=" + pipeline)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void malformedLinesAreReportedByNumberAndTheRestImported() throws Exception {
        String pipeline = "import-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        LedgerProcessResource.declare(pipeline, "metashape", "postprocess");
        JsonPath report = post(pipeline, LOG, "application/x-ndjson");
        assertThat(report.getLong("events_emitted")).isEqualTo(4);
        assertThat(report.getLong("events_applied")).isEqualTo(4);
        assertThat(report.getLong("duplicates")).isZero();
        assertThat(report.getLong("refused")).isZero();

        assertThat(report.getLong("lines")).isEqualTo(9);
        assertThat(report.getLong("blank_lines")).isEqualTo(1);
        assertThat(report.getLong("imported")).isEqualTo(4);
        assertThat(report.getLong("malformed")).isEqualTo(4);
        assertThat(report.getList("errors.line", Integer.class)).containsExactly(4, 5, 7, 9);
        assertThat(report.getString("errors[0].reason")).contains("timestamp is not an ISO-8601 date-time: 'unknown'");
        assertThat(report.getString("errors[1].reason")).contains("not valid JSON");
        assertThat(report.getString("errors[2].reason")).contains("project_name");
        assertThat(report.getString("errors[3].reason")).isEqualTo("completion_level is required");
        assertThat(report.getBoolean("errors_truncated")).isFalse();

        Map<String, String> first = events(pipeline);
        assertThat(first).hasSize(4);
        Map<String, JsonNode> byProject = new LinkedHashMap<>();
        for (String value : first.values()) {
            assertThat(new StageEventValidator().validate(value).valid())
                    .as(value)
                    .isTrue();
            JsonNode e = Json.mapper().readTree(value);
            byProject.put(e.get("project").asText(), e);
        }
        assertThat(byProject.keySet())
                .containsExactlyInAnyOrder("mission_001", "mission_002", "mission_003", "mission_006");
        JsonNode m2 = byProject.get("mission_002");
        assertThat(m2.get("event_id").asText()).matches("import-[0-9a-f]{40}");
        assertThat(m2.get("type").asText()).isEqualTo("stage.completed");
        assertThat(m2.get("stage").asText()).isEqualTo("metashape");
        assertThat(m2.get("config_id").asText()).isEqualTo("highres");
        assertThat(m2.get("run_id").asText()).isEqualTo("automate-metashape-workflow-def456");
        assertThat(m2.get("occurred_at").asText()).isEqualTo("2024-01-15T11:45:00Z");
        assertThat(m2.get("attributes").get("source").asText()).isEqualTo("completion-log");
        assertThat(byProject.get("mission_003").get("occurred_at").asText()).isEqualTo("2024-01-16T08:00:00Z");
        assertThat(byProject.get("mission_006").get("config_id").asText()).isEqualTo("default");
        assertThat(byProject.get("mission_006").has("run_id")).isFalse();

        // re-import: the very same ids and payloads, nothing new for the ledger to apply
        JsonPath again = post(pipeline, LOG, "text/plain");
        assertThat(again.getLong("imported")).isEqualTo(4);
        assertThat(again.getLong("events_applied")).isZero();
        assertThat(again.getLong("duplicates")).isEqualTo(4);
        List<ConsumerRecord<String, byte[]>> all = records(pipeline);
        assertThat(all).hasSize(8);
        for (ConsumerRecord<String, byte[]> r : all) {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            assertThat(first)
                    .containsEntry(Json.mapper().readTree(value).get("event_id").asText(), value);
        }
    }

    @Test
    void pipelineIsRequiredAndChecked() {
        given().contentType("text/plain")
                .body("{}")
                .post("/api/v1/imports/completion-log")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("message", containsString("pipeline: is required"));
        given().contentType("text/plain")
                .body("{}")
                .post("/api/v1/imports/completion-log?pipeline=a/b")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_name"))
                .body("problems[0].field", equalTo("pipeline"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        // the test profile caps bodies at 1 MiB (prod: 64 MiB)
        byte[] body = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) '\n');
        given().contentType("text/plain")
                .body(body)
                .post("/api/v1/imports/completion-log?pipeline=p")
                .then()
                .statusCode(413);
    }

    private Map<String, String> events(String pipeline) throws Exception {
        Map<String, String> byId = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : records(pipeline)) {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            byId.put(Json.mapper().readTree(value).get("event_id").asText(), value);
        }
        return byId;
    }

    private List<ConsumerRecord<String, byte[]>> records(String pipeline) {
        try (KafkaTestClient client = new KafkaTestClient(kafka)) {
            return client.readAll(
                    Topics.STAGE_EVENTS, r -> r.key() != null && r.key().startsWith(pipeline + "/"));
        }
    }
}
