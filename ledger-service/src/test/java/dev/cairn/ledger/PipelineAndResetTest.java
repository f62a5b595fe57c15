package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static dev.cairn.ledger.LedgerTests.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PipelineAndResetTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void declarationsAreIdempotentAndMayOnlyAppendStages() {
        String p = LedgerTests.unique("decl");
        api().body(Map.of("stages", List.of("a", "b")))
                .put("/api/v1/pipelines/" + p)
                .then()
                .statusCode(201)
                .body("stages", contains("a", "b"));
        api().body(Map.of("stages", List.of("a", "b")))
                .put("/api/v1/pipelines/" + p)
                .then()
                .statusCode(200);
        api().body(Map.of("stages", List.of("a", "b", "c")))
                .put("/api/v1/pipelines/" + p)
                .then()
                .statusCode(200)
                .body("stages", contains("a", "b", "c"));
        api().body(Map.of("stages", List.of("b", "a", "c")))
                .put("/api/v1/pipelines/" + p)
                .then()
                .statusCode(409)
                .body("error", equalTo("stage_order_conflict"));
        api().body(Map.of("stages", List.of("a")))
                .put("/api/v1/pipelines/" + p)
                .then()
                .statusCode(409);
        api().body(Map.of("stages", List.of("a", "a/b", "a")))
                .put("/api/v1/pipelines/" + p)
                .then()
                .statusCode(422)
                .body("problems.field", hasItem("stages[1]"))
                .body("problems.field", hasItem("stages[2]"));
        api().body(Map.of("stages", List.of()))
                .put("/api/v1/pipelines/x*")
                .then()
                .statusCode(422)
                .body("problems.field", hasItem("pipeline"))
                .body("problems.field", hasItem("stages"));
        api().get("/api/v1/pipelines/" + p).then().statusCode(200).body("stages", contains("a", "b", "c"));
        api().get("/api/v1/pipelines").then().statusCode(200).body("pipeline", hasItem(p));
    }

    @Test
    void pipelinesFileSeedsDeclarationsAtStartup() {
        api().get("/api/v1/pipelines/photogrammetry")
                .then()
                .statusCode(200)
                .body("stages", contains("metashape", "postprocess"));
        api().get("/api/v1/pipelines/us_dw_hybrid_v1_2").then().statusCode(200).body("stages", contains("sync"));
    }

    @Test
    void resetIsTheOnlyWayDownAndIsRecordedAndPublished() {
        String p = LedgerTests.unique("reset");
        LedgerTests.declare(p, "metashape", "postprocess");
        ArrayNode events = Json.mapper().createArrayNode();
        events.add(LedgerTests.event(p + "-1", EventTypes.COMPLETED, p, "m1", "metashape", T0));
        events.add(LedgerTests.event(p + "-2", EventTypes.COMPLETED, p, "m1", "postprocess", T0.plusSeconds(60)));
        api().body(events.toString()).post("/api/v1/events").then().statusCode(201);
        api().get("/api/v1/completions/" + p + "/m1").then().body("level", equalTo("postprocess"));

        api().body(Map.of("config_id", "default", "stage", "postprocess", "requested_by", "tests"))
                .post("/api/v1/completions/" + p + "/m1/reset")
                .then()
                .statusCode(200)
                .body("level", equalTo("metashape"))
                .body("change.type", equalTo("reset"))
                .body("version", equalTo(3));
        api().body(Map.of("stage", "metashape"))
                .post("/api/v1/completions/" + p + "/m1/reset")
                .then()
                .statusCode(200)
                .body("level", nullValue());
        api().body(Map.of("stage", "nope"))
                .post("/api/v1/completions/" + p + "/m1/reset")
                .then()
                .statusCode(400);
        api().body(Map.of())
                .post("/api/v1/completions/" + p + "/never/reset")
                .then()
                .statusCode(404);

        api().get("/api/v1/completions/" + p + "/m1/timeline")
                .then()
                .statusCode(200)
                .body("items.type", contains("stage.completed", "stage.completed", "reset", "reset"))
                .body("items.source", contains("http", "http", "http:reset", "http:reset"));
        api().get("/api/v1/runs/run-m1").then().statusCode(200).body("items.event_id", hasItem(p + "-2"));

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<CompletionRecorded> published =
                        kafka.readAll(Topics.COMPLETIONS, r -> r.key().equals(p + "/m1/default")).stream()
                                .map(LedgerTests::completion)
                                .toList();
                assertThat(published).extracting(CompletionRecorded::version).containsExactly(1L, 2L, 3L, 4L);
                assertThat(published)
                        .extracting(CompletionRecorded::level)
                        .containsExactly("metashape", "postprocess", "metashape", null);
            });
        }
    }

    @Test
    void completionsArePagedAndFiltered() {
        String p = LedgerTests.unique("page");
        LedgerTests.declare(p, "metashape", "postprocess");
        ArrayNode events = Json.mapper().createArrayNode();
        for (int i = 0; i < 5; i++) {
            events.add(LedgerTests.event(
                    p + "-" + i, EventTypes.COMPLETED, p, "m" + i, i % 2 == 0 ? "metashape" : "postprocess", T0));
        }
        api().body(events.toString()).post("/api/v1/events").then().statusCode(201);
        String next = api().queryParam("pipeline", p)
                .queryParam("limit", 2)
                .get("/api/v1/completions")
                .then()
                .statusCode(200)
                .body("items.project", contains("m0", "m1"))
                .extract()
                .path("next");
        api().queryParam("pipeline", p)
                .queryParam("limit", 2)
                .queryParam("after", next)
                .get("/api/v1/completions")
                .then()
                .body("items.project", contains("m2", "m3"));
        api().queryParam("pipeline", p)
                .queryParam("level", "postprocess")
                .get("/api/v1/completions")
                .then()
                .body("items.project", contains("m1", "m3"));
        api().queryParam("pipeline", p)
                .queryParam("level", "nope")
                .get("/api/v1/completions")
                .then()
                .statusCode(400);
        api().get("/api/v1/completions").then().statusCode(400);
    }
}
