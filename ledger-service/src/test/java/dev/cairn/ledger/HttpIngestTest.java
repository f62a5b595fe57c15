package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static dev.cairn.ledger.LedgerTests.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HttpIngestTest {

    @Test
    void appliedThenDuplicateThenConflict() {
        String pipeline = LedgerTests.unique("http");
        LedgerTests.declare(pipeline, "metashape", "postprocess");
        ObjectNode e =
                LedgerTests.event(pipeline + "-1", EventTypes.COMPLETED, pipeline, "mission_001", "metashape", T0);

        api().body(e.toString())
                .post("/api/v1/events")
                .then()
                .statusCode(201)
                .body("applied", equalTo(1))
                .body("results[0].status", equalTo("applied"));
        api().body(e.toString())
                .post("/api/v1/events")
                .then()
                .statusCode(200)
                .body("applied", equalTo(0))
                .body("results[0].status", equalTo("duplicate"));

        ObjectNode reordered = Json.mapper().createObjectNode();
        e.fieldNames().forEachRemaining(f -> {});
        reordered.setAll(e.deepCopy());
        reordered.put(
                "occurred_at", "2024-01-15T12:00:00+02:00"); // the same instant, another offset: still the same payload
        api().body(reordered.toString()).post("/api/v1/events").then().statusCode(200);

        ObjectNode changed = e.deepCopy().put("stage", "postprocess");
        api().body(changed.toString())
                .post("/api/v1/events")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("error", equalTo("conflicting_duplicate"))
                .body("problems[0].field", equalTo("event_id"));

        api().get("/api/v1/completions/" + pipeline + "/mission_001")
                .then()
                .statusCode(200)
                .body("level", equalTo("metashape"))
                .body("version", equalTo(1));
    }

    @Test
    void invalidEventIsRefusedNamingTheField() {
        String pipeline = LedgerTests.unique("http");
        LedgerTests.declare(pipeline, "sync");
        ObjectNode e = LedgerTests.event(pipeline + "-1", EventTypes.COMPLETED, pipeline, "../etc", "sync", T0);
        e.remove("occurred_at");
        api().body(e.toString())
                .post("/api/v1/events")
                .then()
                .statusCode(422)
                .body("error", equalTo("invalid_event"))
                .body("problems.field", hasItem("project"))
                .body("problems.field", hasItem("occurred_at"));

        api().body("{\"event_id\": ")
                .post("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_json"));

        ObjectNode unknownStage =
                LedgerTests.event(pipeline + "-2", EventTypes.COMPLETED, pipeline, "p1", "orthomosaic", T0);
        api().body(unknownStage.toString())
                .post("/api/v1/events")
                .then()
                .statusCode(422)
                .body("error", equalTo("unknown_stage"))
                .body("message", containsString("stages: sync"));

        ObjectNode unknownPipeline =
                LedgerTests.event(pipeline + "-3", EventTypes.COMPLETED, "nope-" + pipeline, "p1", "sync", T0);
        api().body(unknownPipeline.toString())
                .post("/api/v1/events")
                .then()
                .statusCode(422)
                .body("error", equalTo("unknown_pipeline"))
                .body("problems[0].field", equalTo("pipeline"));

        ObjectNode big = LedgerTests.event(pipeline + "-4", EventTypes.COMPLETED, pipeline, "p1", "sync", T0);
        big.putObject("metrics").put("blob", "x".repeat(300 * 1024));
        api().body(big.toString())
                .post("/api/v1/events")
                .then()
                .statusCode(413)
                .body("error", equalTo("payload_too_large"));
    }

    @Test
    void arrayIsAllOrNothing() {
        String pipeline = LedgerTests.unique("http");
        LedgerTests.declare(pipeline, "sync");
        ArrayNode batch = Json.mapper().createArrayNode();
        batch.add(LedgerTests.event(pipeline + "-a", EventTypes.COMPLETED, pipeline, "t1", "sync", T0));
        batch.add(LedgerTests.event(pipeline + "-b", EventTypes.COMPLETED, pipeline, "t2", "sync", T0));
        batch.add(LedgerTests.event(pipeline + "-c", EventTypes.COMPLETED, pipeline, "t3", "nosuchstage", T0));
        api().body(batch.toString())
                .post("/api/v1/events")
                .then()
                .statusCode(422)
                .body("problems[0].field", equalTo("[2].stage"));
        api().get("/api/v1/completions/" + pipeline + "/t1").then().statusCode(404);

        batch.remove(2);
        ((ObjectNode) batch.get(1)).put("project", "t 2");
        api().body(batch.toString())
                .post("/api/v1/events")
                .then()
                .statusCode(422)
                .body("error", equalTo("invalid_name"))
                .body("problems[0].field", equalTo("[1].project"));

        ((ObjectNode) batch.get(1)).put("project", "t2");
        api().body(batch.toString())
                .post("/api/v1/events")
                .then()
                .statusCode(201)
                .body("applied", equalTo(2))
                .body("results", hasSize(2));
        api().get("/api/v1/completions/" + pipeline + "/t2")
                .then()
                .statusCode(200)
                .body("level", equalTo("sync"));
    }

    @Test
    void apiNeedsTheBearerTokenButHealthDoesNot() {
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/events")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong")
                .get("/api/v1/pipelines")
                .then()
                .statusCode(401);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        api().get("/api/v1/info")
                .then()
                .statusCode(200)
                .body("service", equalTo("ledger-service"))
                .body("version", equalTo("0.1.0-SNAPSHOT"))
                .body("git_commit", matchesPattern("[0-9a-f]{40}"))
                .body("build_time", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*"));
    }
}
