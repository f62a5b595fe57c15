package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static dev.cairn.ledger.LedgerTests.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** {@code artifact.backed_up}: deduplicated and kept in the timeline like every event, but it changes no state. */
@QuarkusTest
class BackupEventTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void backupIsRecordedOnceInTheTimelineAndChangesNoStateAndPublishesNothing() {
        String pipeline = LedgerTests.unique("backup");
        LedgerTests.declare(pipeline, "metashape", "postprocess");
        api().body(LedgerTests.event(pipeline + "-c", EventTypes.COMPLETED, pipeline, "m1", "metashape", T0)
                        .toString())
                .post("/api/v1/events")
                .then()
                .statusCode(201);

        ObjectNode backup = LedgerTests.event(
                pipeline + "-b", EventTypes.BACKED_UP, pipeline, "m1", "metashape", T0.plusSeconds(60));
        backup.putObject("metrics").put("files", 3).put("bytes", 4096);
        backup.putObject("attributes").put("manifest_key", "m1/_manifests/20240115_1001.json");
        api().body(backup.toString()).post("/api/v1/events").then().statusCode(201);
        api().body(backup.toString()).post("/api/v1/events").then().statusCode(200);
        // a backup of a project with no state at all creates none
        api().body(LedgerTests.event(pipeline + "-b2", EventTypes.BACKED_UP, pipeline, "m2", "metashape", T0)
                        .toString())
                .post("/api/v1/events")
                .then()
                .statusCode(201);
        api().get("/api/v1/completions/" + pipeline + "/m2").then().statusCode(404);

        api().get("/api/v1/completions/" + pipeline + "/m1")
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("event_id", equalTo(pipeline + "-c"))
                .body("stage_states.metashape.attempts", equalTo(1));
        api().body(LedgerTests.event(pipeline + "-s", EventTypes.STARTED, pipeline, "m1", "postprocess", T0)
                        .toString())
                .post("/api/v1/events")
                .then()
                .statusCode(201);

        JsonPath timeline = api().get("/api/v1/completions/" + pipeline + "/m1/timeline")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(timeline.getList("items.type", String.class))
                .containsExactly(EventTypes.COMPLETED, EventTypes.BACKED_UP, EventTypes.STARTED);
        assertThat(timeline.getString("items[1].body")).contains("\"manifest_key\"", "\"files\":3");

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<CompletionRecorded> published =
                        kafka.readAll(Topics.COMPLETIONS, r -> r.key().startsWith(pipeline + "/")).stream()
                                .map(LedgerTests::completion)
                                .toList();
                assertThat(published)
                        .extracting(c -> c.change().type() + "@" + c.version())
                        .containsExactly(EventTypes.COMPLETED + "@1", EventTypes.STARTED + "@2");
            });
        }
    }
}
