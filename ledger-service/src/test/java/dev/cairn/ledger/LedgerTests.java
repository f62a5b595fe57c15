package dev.cairn.ledger;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Builders and clients shared by the ledger's tests; they speak only the public contracts (JSON, topics, HTTP). */
public final class LedgerTests {

    public static final String TOKEN = "ledger-test-token";
    public static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");

    private LedgerTests() {}

    public static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Declares {@code pipeline} with {@code stages} through the API. */
    public static void declare(String pipeline, String... stages) {
        api().body(Map.of("stages", List.of(stages)))
                .put("/api/v1/pipelines/" + pipeline)
                .then()
                .statusCode(201);
    }

    /** How many projects of {@code pipeline} have a state (at most 1,000). */
    public static int states(String pipeline) {
        return api().queryParam("pipeline", pipeline)
                .queryParam("limit", 1000)
                .get("/api/v1/completions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items")
                .size();
    }

    public static ObjectNode event(
            String eventId, String type, String pipeline, String project, String stage, Instant at) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("schema", "cairn.stage-event/v1");
        e.put("event_id", eventId);
        e.put("type", type);
        e.put("pipeline", pipeline);
        e.put("project", project);
        e.put("config_id", "default");
        e.put("stage", stage);
        e.put("run_id", "run-" + project);
        e.put("occurred_at", at.toString());
        e.putObject("metrics").put("rows_processed", 10);
        return e;
    }

    public static String key(ObjectNode event) {
        return Topics.key(
                event.get("pipeline").asText(),
                event.get("project").asText(),
                event.has("config_id") ? event.get("config_id").asText() : "default");
    }

    public static CompletionRecorded completion(ConsumerRecord<String, byte[]> record) {
        try {
            return Json.mapper().readValue(record.value(), CompletionRecorded.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
