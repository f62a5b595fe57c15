package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static dev.cairn.ledger.LedgerTests.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeadLetterTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    record Poison(String name, byte[] value, String reason) {}

    @Test
    void everyHostileOrBrokenInputLandsInTheDlqWithItsReasonAndTheRestIsApplied() {
        String pipeline = LedgerTests.unique("dlq");
        LedgerTests.declare(pipeline, "metashape", "postprocess");
        String tag = pipeline;

        List<Poison> poisons = new ArrayList<>();
        poisons.add(raw("truncated JSON", "{\"event_id\": ", "invalid_json"));
        poisons.add(raw("plain text", "hello world", "invalid_json"));
        poisons.add(new Poison("empty value", new byte[0], "invalid_json"));
        poisons.add(new Poison("tombstone (null value)", null, "invalid_json"));
        poisons.add(raw("JSON array", "[1, 2]", "invalid_event"));
        poisons.add(raw("trailing garbage", valid(pipeline, "tg", j -> {}).toString() + "}", "invalid_json"));
        poisons.add(poison("missing event_id", pipeline, j -> j.remove("event_id"), "invalid_event"));
        poisons.add(poison("missing occurred_at", pipeline, j -> j.remove("occurred_at"), "invalid_event"));
        poisons.add(poison("unknown type", pipeline, j -> j.put("type", "stage.done"), "invalid_event"));
        poisons.add(poison(
                "timestamp without offset",
                pipeline,
                j -> j.put("occurred_at", "2024-01-15T10:30:00"),
                "invalid_event"));
        poisons.add(poison(
                "metrics is an array", pipeline, j -> j.putArray("metrics").add(1), "invalid_event"));
        poisons.add(poison(
                "NUL in metrics", pipeline, j -> j.putObject("metrics").put("note", "a\u0000b"), "invalid_event"));
        poisons.add(poison("path traversal project", pipeline, j -> j.put("project", "../etc"), "invalid_name"));
        poisons.add(poison("slash in project", pipeline, j -> j.put("project", "a/b"), "invalid_name"));
        poisons.add(poison("glob in stage", pipeline, j -> j.put("stage", "x?"), "invalid_name"));
        poisons.add(poison(
                "control character in project", pipeline, j -> j.put("project", "mission\u0007"), "invalid_name"));
        poisons.add(poison("201-character project", pipeline, j -> j.put("project", "p".repeat(201)), "invalid_name"));
        poisons.add(poison(
                "oversize value (300 KiB)",
                pipeline,
                j -> j.putObject("metrics").put("blob", "x".repeat(300 * 1024)),
                "payload_too_large"));
        poisons.add(poison(
                "undeclared pipeline", pipeline, j -> j.put("pipeline", "never-declared-" + tag), "unknown_pipeline"));
        poisons.add(poison("undeclared stage", pipeline, j -> j.put("stage", "orthomosaic"), "unknown_stage"));
        poisons.add(poison(
                "conflicting duplicate",
                pipeline,
                j -> {
                    j.put("event_id", tag + "-valid-0");
                    j.put("project", "mission_ok_0");
                    j.put("occurred_at", T0.plusSeconds(999).toString());
                },
                "conflicting_duplicate"));
        assertThat(poisons).hasSizeGreaterThanOrEqualTo(20);

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            ObjectNode first = valid(pipeline, "0", j -> {});
            kafka.send(Topics.STAGE_EVENTS, LedgerTests.key(first), first.toString());
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> api().get("/api/v1/completions/" + pipeline + "/mission_ok_0")
                            .then()
                            .statusCode(200));
            for (int i = 0; i < poisons.size(); i++) {
                kafka.send(
                        Topics.STAGE_EVENTS,
                        tag + "/poison/" + i,
                        poisons.get(i).value());
                ObjectNode ok = valid(pipeline, Integer.toString(i + 1), j -> {});
                kafka.send(Topics.STAGE_EVENTS, LedgerTests.key(ok), ok.toString());
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<String, ConsumerRecord<String, byte[]>> byKey = new LinkedHashMap<>();
                kafka.readAll(
                                Topics.STAGE_EVENTS_DLQ,
                                r -> r.key() != null && r.key().startsWith(tag + "/"))
                        .forEach(r -> byKey.put(r.key(), r));
                for (int i = 0; i < poisons.size(); i++) {
                    Poison p = poisons.get(i);
                    ConsumerRecord<String, byte[]> dead = byKey.get(tag + "/poison/" + i);
                    assertThat(dead).as(p.name()).isNotNull();
                    assertThat(header(dead, Topics.HEADER_ERROR_CODE))
                            .as(p.name())
                            .isEqualTo(p.reason());
                    assertThat(header(dead, Topics.HEADER_ERROR_DETAIL))
                            .as(p.name())
                            .isNotBlank();
                    assertThat(header(dead, Topics.HEADER_SOURCE_TOPIC)).isEqualTo(Topics.STAGE_EVENTS);
                    assertThat(header(dead, Topics.HEADER_SOURCE_PARTITION)).matches("\\d+");
                    assertThat(header(dead, Topics.HEADER_SOURCE_OFFSET)).matches("\\d+");
                    if (p.value() != null) {
                        assertThat(dead.value())
                                .as("original bytes of " + p.name())
                                .isEqualTo(p.value());
                    }
                }
            });
            for (int i = 0; i <= poisons.size(); i++) {
                api().get("/api/v1/completions/" + pipeline + "/mission_ok_" + i)
                        .then()
                        .statusCode(200)
                        .body("level", equalTo("metashape"));
            }
        }
    }

    @Test
    void aConflictingDuplicateInsideOneBatchIsDeadLetteredAsAConflictNotCountedAsADuplicate() {
        String pipeline = LedgerTests.unique("inbatch");
        LedgerTests.declare(pipeline, "metashape", "postprocess");
        ObjectNode first = valid(pipeline, "same", j -> {});
        ObjectNode second = valid(pipeline, "same", j -> j.put("stage", "postprocess"));
        ObjectNode repeat = first.deepCopy();
        String key = pipeline + "/inbatch/default"; // one key, so one partition and one ordered batch
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            // one producer batch, so one poll of the ledger: the three share a transaction
            kafka.sendAsync(Topics.STAGE_EVENTS, key, bytes(first));
            kafka.sendAsync(Topics.STAGE_EVENTS, key, bytes(second));
            kafka.sendAsync(Topics.STAGE_EVENTS, key, bytes(repeat));
            kafka.flush();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> dead =
                        kafka.readAll(Topics.STAGE_EVENTS_DLQ, r -> key.equals(r.key()));
                assertThat(dead).hasSize(1);
                assertThat(header(dead.get(0), Topics.HEADER_ERROR_CODE)).isEqualTo("conflicting_duplicate");
                assertThat(dead.get(0).value()).isEqualTo(bytes(second));
            });
        }
        api().get("/api/v1/completions/" + pipeline + "/mission_ok_same")
                .then()
                .statusCode(200)
                .body("level", equalTo("metashape"))
                .body("version", equalTo(1));
    }

    private static byte[] bytes(ObjectNode event) {
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode valid(String pipeline, String n, Consumer<ObjectNode> change) {
        ObjectNode e = LedgerTests.event(
                pipeline + "-valid-" + n,
                EventTypes.COMPLETED,
                pipeline,
                "mission_ok_" + n,
                "metashape",
                T0.plusSeconds(60));
        change.accept(e);
        return e;
    }

    private static Poison poison(String name, String pipeline, Consumer<ObjectNode> breakIt, String reason) {
        ObjectNode e = valid(pipeline, "poison-" + name.replaceAll("[^a-z]", ""), j -> {});
        breakIt.accept(e);
        return new Poison(name, e.toString().getBytes(StandardCharsets.UTF_8), reason);
    }

    private static Poison raw(String name, String value, String reason) {
        return new Poison(name, value.getBytes(StandardCharsets.UTF_8), reason);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
