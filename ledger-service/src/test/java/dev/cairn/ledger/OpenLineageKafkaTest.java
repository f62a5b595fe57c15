package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * OpenLineage's Kafka transport writing to {@code cairn.openlineage} of the devstack's broker: mapped RunEvents are
 * applied once, unmapped ones listed, and what can never be applied is dead-lettered like a stage event.
 */
@QuarkusTest
class OpenLineageKafkaTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void startThenCompleteOverKafkaCompletesTheStageOnce() throws Exception {
        String pipeline = LedgerTests.unique("olkafka");
        LedgerTests.declare(pipeline, "metashape", "postprocess");
        UUID run = UUID.randomUUID();
        RunEvent complete = LineageEvents.cairnEvent(run, EventType.COMPLETE, pipeline, "mission_002", "metashape", 9);
        String stranger = LedgerTests.unique("kafka_only_job");
        try (OpenLineageClient client = LineageEvents.kafka(bootstrap, Topics.OPENLINEAGE)) {
            client.emit(LineageEvents.cairnEvent(run, EventType.START, pipeline, "mission_002", "metashape", 0));
            client.emit(complete);
            client.emit(complete); // re-sent: a duplicate
            // a late heartbeat of the same run (same Kafka key, so behind the duplicate): refreshes the liveness only
            client.emit(LineageEvents.cairnEvent(run, EventType.RUNNING, pipeline, "mission_002", "metashape", 10));
            client.emit(LineageEvents.event(UUID.randomUUID(), EventType.START, "flink", stranger, null, 0));
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> api().get("/api/v1/completions/" + pipeline + "/mission_002")
                        .then()
                        .statusCode(200)
                        .body("level", equalTo("metashape"))
                        .body("stage_states.metashape.status", equalTo("completed")));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(api().get("/api/v1/lineage/unmapped")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("items.findAll { it.run.job == '" + stranger + "' }.source"))
                        .containsExactly("kafka"));
        String running = "ol-" + run + "-running-"
                + LineageEvents.T0.plusMinutes(10).toInstant().toEpochMilli();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(api().get("/api/v1/completions/" + pipeline + "/mission_002/timeline")
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("items.event_id"))
                        .containsExactly("ol-" + run + "-start", "ol-" + run + "-complete", running));
        api().get("/api/v1/completions/" + pipeline + "/mission_002")
                .then()
                .body("stage_states.metashape.status", equalTo("completed"))
                .body("level", equalTo("metashape"));
    }

    @Test
    void whatCanNeverBeAppliedIsDeadLetteredWithItsSourceTopic() {
        String tag = LedgerTests.unique("oldlq");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(Topics.OPENLINEAGE, tag + "/broken", "{\"eventType\": ");
            kafka.send(Topics.OPENLINEAGE, tag + "/not-a-run-event", "{\"eventType\": \"START\"}");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Map<String, Object>> mine = api()
                    .queryParam("limit", 200)
                    .get("/api/v1/dlq")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .<Map<String, Object>>getList("records")
                    .stream()
                    .filter(r -> String.valueOf(r.get("key")).startsWith(tag + "/"))
                    .toList();
            assertThat(mine)
                    .extracting(r -> r.get("key") + " " + r.get("reason") + " " + r.get("source_topic"))
                    .containsExactlyInAnyOrder(
                            tag + "/broken invalid_json " + Topics.OPENLINEAGE,
                            tag + "/not-a-run-event invalid_event " + Topics.OPENLINEAGE);
            assertThat(mine)
                    .anySatisfy(r -> assertThat((String) r.get("detail")).contains("run"));
        });
    }
}
