package dev.cairn.ledger.runs;

import static dev.cairn.ledger.LedgerTests.api;
import static dev.cairn.ledger.runs.RunTests.get;
import static dev.cairn.ledger.runs.RunTests.items;
import static dev.cairn.ledger.runs.RunTests.line;
import static dev.cairn.ledger.runs.RunTests.request;
import static dev.cairn.ledger.runs.RunTests.startNew;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** processing_state.json export and import, and a run's finish through the ledger. */
@QuarkusTest
class RunStateFileTest {

    /** The state file of the resume document, as given there. */
    static final String DOCUMENT_EXAMPLE = """
            {
                "version": 1,
                "source_path": "D:\\\\Photos\\\\_Google Photos Backup\\\\Google Photos",
                "started": "2024-01-15T10:30:00",
                "last_updated": "2024-01-15T14:45:00",
                "processed_jsons": {
                    "path/to/file1.json": {
                        "status": "success",
                        "output_file": "path/to/output/file1.jpg",
                        "timestamp": "2024-01-15T10:31:00"
                    },
                    "path/to/file2.json": {
                        "status": "success",
                        "output_file": "path/to/output/file2.jpg",
                        "timestamp": "2024-01-15T10:31:05"
                    },
                    "path/to/file3.json": {
                        "status": "error",
                        "error": "File not found",
                        "timestamp": "2024-01-15T10:31:10"
                    }
                },
                "unprocessed_files": [
                    "path/to/orphan1.jpg",
                    "path/to/orphan2.png"
                ],
                "stats": {
                    "total_jsons": 55000,
                    "processed": 32000,
                    "errors": 150,
                    "skipped": 0
                }
            }
            """;

    @Inject
    AgroalDataSource dataSource;

    private static JsonNode export(String run) throws Exception {
        String body = api().get("/api/v1/runs/" + run + "/processing_state.json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return Json.mapper().readTree(body);
    }

    private static io.restassured.response.ValidatableResponse importFile(String pipeline, String body) {
        return api().queryParam("pipeline", pipeline)
                .queryParam("project", "p1")
                .queryParam("stage", "process")
                .body(body)
                .post("/api/v1/runs/import")
                .then();
    }

    @Test
    void theDocumentsExampleImportsAndExportsUnchangedExceptTheRecomputedStats() throws Exception {
        String pipeline = RunTests.pipeline("state-doc");
        String run = importFile(pipeline, DOCUMENT_EXAMPLE)
                .statusCode(201)
                .body("imported", equalTo(3))
                .body("run.progress", equalTo("3/55000 (1 errors)"))
                .extract()
                .path("run_id");
        ObjectNode expected = (ObjectNode) Json.mapper().readTree(DOCUMENT_EXAMPLE);
        ((ObjectNode) expected.get("stats")).put("processed", 3).put("errors", 1);
        assertThat(export(run)).isEqualTo(expected);
        assertThat(RunTests.remainingNames(run, List.of("path/to/file1.json", "path/to/file3.json", "new.json"), ""))
                .containsExactly("path/to/file3.json", "new.json");
    }

    @Test
    void exportThenImportThenExportIsEqual() throws Exception {
        String pipeline = RunTests.pipeline("state-roundtrip");
        ObjectNode req = request(pipeline, "p1", "/data/photos", Map.of());
        req.put("total_items", 7);
        String run = startNew(req);
        items(
                        run,
                        line("a.json", "success", "out/a.jpg") + line("b.json", "error", "Invalid JSON")
                                + line("c.json", "not_found", "No matching file for c")
                                + "{\"item\": \"d.json\", \"status\": \"skipped\", \"at\": \"2024-01-15T10:31:00.123456Z\"}\n"
                                + line("naïve \"quoted\" name.json", "success", "s3://b/k"))
                .statusCode(200);
        JsonNode first = export(run);
        assertThat(first.get("processed_jsons").get("d.json").get("timestamp").asText())
                .isEqualTo("2024-01-15T10:31:00.123456");
        String copy =
                importFile(pipeline, first.toString()).statusCode(201).extract().path("run_id");
        assertThat(copy).isNotEqualTo(run);
        assertThat(export(copy)).isEqualTo(first);
    }

    @Test
    void malformedEntriesAreReportedByJsonPathAndTheRestIsImported() {
        String pipeline = RunTests.pipeline("state-bad");
        ObjectNode doc = Json.mapper().createObjectNode();
        doc.put("version", 1);
        ObjectNode processed = doc.putObject("processed_jsons");
        processed.putObject("good.json").put("status", "success").put("timestamp", "2024-01-15T10:31:00");
        processed.putObject("bad-status.json").put("status", "done");
        processed.put("not-an-object.json", 3);
        processed.putObject("bad-time.json").put("status", "error").put("timestamp", "soon");
        doc.putArray("unprocessed_files").add("ok.jpg").add(5);
        importFile(pipeline, doc.toString())
                .statusCode(201)
                .body("imported", equalTo(1))
                .body(
                        "problems.field",
                        containsInAnyOrder(
                                "$.processed_jsons[\"bad-status.json\"]",
                                "$.processed_jsons[\"not-an-object.json\"]",
                                "$.processed_jsons[\"bad-time.json\"]",
                                "$.unprocessed_files[1]"));
        importFile(pipeline, "[1, 2]").statusCode(422).body("error", equalTo("invalid_state_file"));
        importFile(pipeline, "{\"version\": 2}").statusCode(422).body("problems[0].field", equalTo("$.version"));
        importFile(pipeline, "{nope").statusCode(400);
        io.restassured.RestAssured.given()
                .contentType("application/json")
                .queryParam("pipeline", pipeline)
                .queryParam("project", "p1")
                .queryParam("stage", "process")
                .header("Authorization", "Bearer ledger-emit-token-0123")
                .body("{}")
                .post("/api/v1/runs/import")
                .then()
                .statusCode(403);
    }

    @Test
    void finishEmitsTheStageEventOnceWithTheRunAsRunId() throws Exception {
        String pipeline = RunTests.pipeline("state-finish");
        String run = startNew(request(pipeline, "p1", "/photos", Map.of()));
        items(run, line("a.json", "success", null) + line("b.json", "error", "x"))
                .statusCode(200);
        RunTests.finish(run, "completed").statusCode(200).body("state", equalTo("completed"));
        RunTests.finish(run, "completed").statusCode(200);
        RunTests.finish(run, "failed").statusCode(409).body("error", equalTo("run_finished"));
        RunTests.finish(run, "done").statusCode(422);
        assertThat(events(run))
                .containsExactly(Json.mapper()
                        .readTree("{\"type\": \"stage.completed\", \"stage\": "
                                + "\"process\", \"metrics\": {\"items_processed\": 2, \"items_success\": 1, \"items_errors\": 1, "
                                + "\"items_not_found\": 0, \"items_skipped\": 0}}"));
        get(run).body("state", equalTo("completed"));
        api().get("/api/v1/completions/" + pipeline + "/p1")
                .then()
                .statusCode(200)
                .body("stage_states.process.status", equalTo("completed"))
                .body("stage_states.process.last_run_id", equalTo(run));

        String failing = startNew(request(pipeline, "p2", "/photos", Map.of()));
        api().body(Map.of("status", "failed", "error", "power outage"))
                .post("/api/v1/runs/" + failing + "/finish")
                .then()
                .statusCode(200);
        assertThat(events(failing))
                .hasSize(1)
                .allMatch(e -> e.path("type").asText().equals("stage.failed"));
    }

    private List<JsonNode> events(String run) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select type, stage, body::jsonb -> 'metrics' from ledger.event where run_id = ?")) {
            ps.setString(1, run);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                ObjectNode e = Json.mapper()
                        .createObjectNode()
                        .put("type", rs.getString(1))
                        .put("stage", rs.getString(2));
                e.set("metrics", Json.mapper().readTree(rs.getString(3)));
                events.add(e);
            }
        }
        return events;
    }
}
