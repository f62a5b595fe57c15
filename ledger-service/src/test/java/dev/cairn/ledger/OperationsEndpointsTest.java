package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/dlq} and {@code GET /api/v1/outbox}, which the planner's dashboard shows. */
@QuarkusTest
class OperationsEndpointsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void dlqServesTheNewestDeadLettersWithReasonDetailAndSource() {
        String tag = LedgerTests.unique("dlqread");
        LedgerTests.declare(tag, "metashape");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(
                    Topics.STAGE_EVENTS, tag + "/broken/default", "{\"event_id\": ".getBytes(StandardCharsets.UTF_8));
            String traversal = LedgerTests.event(
                            tag + "-1", "stage.completed", tag, "../etc", "metashape", LedgerTests.T0)
                    .toString();
            kafka.send(Topics.STAGE_EVENTS, tag + "/traversal/default", traversal.getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath body = api().queryParam("limit", 200)
                    .get("/api/v1/dlq")
                    .then()
                    .statusCode(200)
                    .body("topic", equalTo(Topics.STAGE_EVENTS_DLQ))
                    .extract()
                    .jsonPath();
            List<Map<String, Object>> mine = body.<Map<String, Object>>getList("records").stream()
                    .filter(r -> String.valueOf(r.get("key")).startsWith(tag + "/"))
                    .toList();
            assertThat(mine)
                    .extracting(r -> r.get("key") + " " + r.get("reason"))
                    .containsExactlyInAnyOrder(
                            tag + "/broken/default invalid_json", tag + "/traversal/default invalid_name");
            assertThat(mine).allSatisfy(r -> {
                assertThat((String) r.get("detail")).isNotBlank();
                assertThat(r.get("source_topic")).isEqualTo(Topics.STAGE_EVENTS);
                assertThat(r.get("timestamp")).isNotNull();
            });
            assertThat(mine).anySatisfy(r -> assertThat((String) r.get("value")).contains("../etc"));
        });
        api().queryParam("limit", 0).get("/api/v1/dlq").then().statusCode(400);
    }

    @Test
    void outboxReportsNothingPendingOnceTheRelayHasPublished() {
        String pipeline = LedgerTests.unique("outbox");
        LedgerTests.declare(pipeline, "metashape");
        api().contentType("application/json")
                .body(LedgerTests.event(pipeline + "-1", "stage.completed", pipeline, "m1", "metashape", LedgerTests.T0)
                        .toString())
                .post("/api/v1/events")
                .then()
                .statusCode(201);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> api().get("/api/v1/outbox")
                        .then()
                        .statusCode(200)
                        .body("pending", equalTo(0))
                        .body("lag_seconds", nullValue())
                        .body("relay_here", equalTo(true)));
    }
}
