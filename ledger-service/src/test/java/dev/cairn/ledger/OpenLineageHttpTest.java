package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.OpenLineageClientUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** OpenLineage's HTTP transport, unchanged but for the URL and token, pointed at {@code POST /api/v1/lineage}. */
@QuarkusTest
class OpenLineageHttpTest {

    @Test
    void startThenCompleteCompletesTheStageAndAResendIsADuplicate() throws Exception {
        String pipeline = LedgerTests.unique("ol");
        LedgerTests.declare(pipeline, "metashape", "postprocess");
        UUID run = UUID.randomUUID();
        RunEvent complete = LineageEvents.cairnEvent(run, EventType.COMPLETE, pipeline, "mission_001", "metashape", 30);
        try (OpenLineageClient client = LineageEvents.http()) {
            client.emit(LineageEvents.cairnEvent(run, EventType.START, pipeline, "mission_001", "metashape", 0));
            client.emit(complete);
            client.emit(complete); // a retry of the transport: answered 200 duplicate, applied once
        }
        api().get("/api/v1/completions/" + pipeline + "/mission_001")
                .then()
                .statusCode(200)
                .body("level", equalTo("metashape"))
                .body("stage_states.metashape.status", equalTo("completed"))
                .body("stage_states.metashape.last_run_id", equalTo(run.toString()))
                .body("version", equalTo(2));
        JsonPath timeline = api().get("/api/v1/completions/" + pipeline + "/mission_001/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(timeline.getList("items.type")).containsExactly("stage.started", "stage.completed");
        assertThat(timeline.getString("items[1].event_id")).isEqualTo("ol-" + run + "-complete");
        assertThat(parse(timeline.getString("items[1].body"))
                        .at("/attributes/outputs")
                        .asText())
                .isEqualTo(
                        "[{\"namespace\":\"s3://cairn-products\",\"name\":\"metashape.mission_001/part-0.parquet\"}]");

        given().header("Authorization", "Bearer " + LineageEvents.EMIT_TOKEN)
                .contentType(ContentType.JSON)
                .body(OpenLineageClientUtils.toJson(complete))
                .post("/api/v1/lineage")
                .then()
                .statusCode(200)
                .body("duplicates", equalTo(1))
                .body("results[0].event_id", equalTo("ol-" + run + "-complete"))
                .body("results[0].status", equalTo("duplicate"));
    }

    @Test
    void failAndAbortGiveFailedStages() throws Exception {
        String pipeline = LedgerTests.unique("olfail");
        LedgerTests.declare(pipeline, "sync");
        try (OpenLineageClient client = LineageEvents.http()) {
            client.emit(LineageEvents.failed(UUID.randomUUID(), pipeline, "orders", "sync", "COPY failed: reset"));
            client.emit(LineageEvents.cairnEvent(UUID.randomUUID(), EventType.ABORT, pipeline, "refunds", "sync", 1));
        }
        api().get("/api/v1/completions/" + pipeline + "/orders")
                .then()
                .statusCode(200)
                .body("stage_states.sync.status", equalTo("failed"))
                .body("stage_states.sync.attempts", equalTo(1));
        ObjectNode failed = parse(api().get("/api/v1/completions/" + pipeline + "/orders/timeline")
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].body"));
        assertThat(failed.path("error").asText()).isEqualTo("COPY failed: reset");
        assertThat(failed.at("/attributes/openlineage.run_facet.errorMessage").asText())
                .contains("JAVA");
        ObjectNode aborted = parse(api().get("/api/v1/completions/" + pipeline + "/refunds/timeline")
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].body"));
        assertThat(aborted.path("type").asText()).isEqualTo("stage.failed");
        assertThat(aborted.path("error").asText()).isEqualTo("aborted");
    }

    @Test
    void rulesMapAJobWithoutTheCairnFacetAndUnmappedJobsAreCountedAndListed() throws Exception {
        String table = LedgerTests.unique("settle_orders");
        String stranger = LedgerTests.unique("nightly_report");
        try (OpenLineageClient client = LineageEvents.http()) {
            client.emit(LineageEvents.event(
                    UUID.randomUUID(), EventType.COMPLETE, "airflow", "us_dw_hybrid_v1_2." + table, null, 0));
            client.emit(LineageEvents.event(UUID.randomUUID(), EventType.START, "spark", stranger, null, 0));
            client.emit(LineageEvents.event(UUID.randomUUID(), EventType.COMPLETE, "spark", stranger, null, 1));
        }
        api().get("/api/v1/completions/us_dw_hybrid_v1_2/" + table)
                .then()
                .statusCode(200)
                .body("level", equalTo("sync"));

        List<Map<String, Object>> listed = given().header("Authorization", "Bearer ledger-read-token-0123")
                .get("/api/v1/lineage/unmapped")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.findAll { it.run.job == '" + stranger + "' }");
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0)).containsEntry("source", "http");
        assertThat(((Map<?, ?>) listed.get(0).get("run")).get("event_type")).isEqualTo("COMPLETE");
        assertThat(((Map<?, ?>) listed.get(0).get("run")).get("reason").toString())
                .contains("no rule");
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString(
                        "cairn_ledger_lineage_unmapped_total{job=\"" + stranger + "\",namespace=\"spark\"} 2.0"));
    }

    @Test
    void invalidBodiesAreRefusedNamingTheFieldAndNothingIsApplied() {
        String pipeline = LedgerTests.unique("olbad");
        LedgerTests.declare(pipeline, "sync");
        ObjectNode good = parse(OpenLineageClientUtils.toJson(
                LineageEvents.cairnEvent(UUID.randomUUID(), EventType.COMPLETE, pipeline, "p1", "sync", 0)));

        ObjectNode noRunId = good.deepCopy();
        ((ObjectNode) noRunId.get("run")).remove("runId");
        post(noRunId.toString())
                .statusCode(400)
                .body("error", equalTo("invalid_event"))
                .body("problems.field", hasItem("run.runId"));

        ObjectNode badFacet = good.deepCopy();
        ((ObjectNode) badFacet.at("/run/facets/cairn")).put("project", "../etc");
        post(badFacet.toString()).statusCode(400).body("problems.field", hasItem("run.facets.cairn.project"));

        ArrayNode batch = Json.mapper().createArrayNode();
        batch.add(good);
        batch.add(good.deepCopy().put("eventTime", "yesterday"));
        post(batch.toString())
                .statusCode(400)
                .body("problems.field", hasItems("[1].eventTime"))
                .body("message", containsString("nothing was applied"));
        api().get("/api/v1/completions/" + pipeline + "/p1").then().statusCode(404);

        post("{\"eventType\": ").statusCode(400).body("error", equalTo("invalid_json"));
        ObjectNode undeclared = good.deepCopy();
        ((ObjectNode) undeclared.at("/run/facets/cairn")).put("stage", "orthomosaic");
        post(undeclared.toString()).statusCode(422).body("error", equalTo("unknown_stage"));

        given().contentType(ContentType.JSON)
                .body(good.toString())
                .post("/api/v1/lineage")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer ledger-read-token-0123")
                .contentType(ContentType.JSON)
                .body(good.toString())
                .post("/api/v1/lineage")
                .then()
                .statusCode(403);
        post(good.toString()).statusCode(201).body("applied", equalTo(1));
    }

    private static io.restassured.response.ValidatableResponse post(String body) {
        return given().header("Authorization", "Bearer " + LineageEvents.EMIT_TOKEN)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/lineage")
                .then();
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
