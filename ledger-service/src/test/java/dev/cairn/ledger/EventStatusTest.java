package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static dev.cairn.ledger.LedgerTests.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/events/status}: the ledger's verdict on ids sent through Kafka, read back from its own tables.
 * Applied and refused (with the DLQ's reason) since {@code since}, duplicate when recorded before, unknown otherwise.
 */
@QuarkusTest
class EventStatusTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static JsonPath status(String since, String... ids) {
        Map<String, Object> body =
                since == null ? Map.of("event_ids", List.of(ids)) : Map.of("event_ids", List.of(ids), "since", since);
        return api().body(body)
                .post("/api/v1/events/status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void verdictsOfEventsSentThroughKafkaAreAppliedDuplicateRefusedOrUnknown() {
        String pipeline = LedgerTests.unique("status");
        LedgerTests.declare(pipeline, "metashape");
        String since = status(null).getString("now");
        ObjectNode ok = LedgerTests.event(pipeline + "-ok", EventTypes.COMPLETED, pipeline, "m1", "metashape", T0);
        ObjectNode badStage =
                LedgerTests.event(pipeline + "-stage", EventTypes.COMPLETED, pipeline, "m2", "orthomosaic", T0);
        ObjectNode badPipeline =
                LedgerTests.event(pipeline + "-pipe", EventTypes.COMPLETED, pipeline + "-never", "m3", "metashape", T0);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (ObjectNode e : List.of(ok, badStage, badPipeline)) {
                kafka.send(Topics.STAGE_EVENTS, LedgerTests.key(e), e.toString());
            }
        }
        String[] ids = {pipeline + "-ok", pipeline + "-stage", pipeline + "-pipe", pipeline + "-never-sent"};
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(status(since, ids).getList("events.status", String.class))
                        .containsExactly("applied", "refused", "refused", "unknown"));
        JsonPath verdicts = status(since, ids);
        assertThat(verdicts.getString("events[1].reason")).isEqualTo("unknown_stage");
        assertThat(verdicts.getString("events[1].detail")).contains("orthomosaic");
        assertThat(verdicts.getString("events[2].reason")).isEqualTo("unknown_pipeline");
        assertThat(verdicts.getString("events[0].event_id")).isEqualTo(pipeline + "-ok");

        // asked again from a later instant: the recorded event is a duplicate, the old refusals are no verdict
        String later = verdicts.getString("now");
        assertThat(status(later, ids).getList("events.status", String.class))
                .containsExactly("duplicate", "unknown", "unknown", "unknown");
    }

    @Test
    void invalidIdsAreRefusedByIndex() {
        api().body(Map.of("event_ids", List.of("ok-1", "not valid")))
                .post("/api/v1/events/status")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("problems[0].field", org.hamcrest.Matchers.equalTo("event_ids[1]"));
    }

    @Test
    void withTheEventsAsSentACopyWithAnotherPayloadIsRefusedAtOnceAndTheSameOneIsADuplicate() {
        String pipeline = LedgerTests.unique("status-events");
        LedgerTests.declare(pipeline, "metashape");
        ObjectNode recorded =
                LedgerTests.event(pipeline + "-rec", EventTypes.COMPLETED, pipeline, "m1", "metashape", T0);
        api().body(recorded.toString()).post("/api/v1/events").then().statusCode(201);
        String since = status(null).getString("now");
        ObjectNode changed =
                recorded.deepCopy().put("occurred_at", T0.plusSeconds(60).toString());
        ObjectNode fresh = LedgerTests.event(pipeline + "-new", EventTypes.COMPLETED, pipeline, "m2", "metashape", T0);
        JsonPath same = api().body(Map.of("events", List.of(recorded, fresh), "since", since))
                .post("/api/v1/events/status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(same.getList("events.status", String.class)).containsExactly("duplicate", "unknown");
        JsonPath other = api().body(Map.of("events", List.of(changed), "since", since))
                .post("/api/v1/events/status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(other.getList("events.status", String.class)).containsExactly("refused");
        assertThat(other.getString("events[0].reason")).isEqualTo("conflicting_duplicate");
    }
}
