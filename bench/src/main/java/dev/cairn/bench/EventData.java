package dev.cairn.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The ledger benchmark's input: {@code total} stage-event records of which 10% repeat an earlier record byte for
 * byte, shuffled with a fixed seed. The same records feed the ledger and both baselines.
 */
final class EventData {

    static final String PIPELINE = "bench";
    static final List<String> STAGES = List.of("metashape", "postprocess");

    record Event(String key, ObjectNode json, byte[] bytes) {}

    final List<Event> records;
    final int unique;

    private EventData(List<Event> records, int unique) {
        this.records = records;
        this.unique = unique;
    }

    static EventData generate(int total) {
        Random random = new Random(20261122);
        int unique = (int) Math.round(total * 0.9);
        int projects = Math.max(1, unique / 4);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<Event> events = new ArrayList<>(total);
        for (int i = 0; i < unique; i++) {
            ObjectNode e = Json.mapper().createObjectNode();
            String project = "mission_" + random.nextInt(projects);
            int r = random.nextInt(10);
            e.put("schema", "cairn.stage-event/v1")
                    .put("event_id", "bench-" + i)
                    .put("type", r < 8 ? "stage.completed" : r == 8 ? "stage.started" : "stage.failed")
                    .put("pipeline", PIPELINE)
                    .put("project", project)
                    .put("config_id", "default")
                    .put("stage", STAGES.get(random.nextInt(2)))
                    .put("run_id", "run-" + (i % 5000))
                    .put("occurred_at", t0.plusSeconds(i).toString());
            e.putObject("metrics")
                    .put("rows_processed", random.nextInt(100_000))
                    .put("duration_seconds", random.nextInt(3600));
            events.add(new Event(
                    Topics.key(PIPELINE, project, "default"), e, e.toString().getBytes(StandardCharsets.UTF_8)));
        }
        List<Event> records = new ArrayList<>(events);
        for (int i = unique; i < total; i++) {
            records.add(events.get(random.nextInt(unique)));
        }
        Collections.shuffle(records, random);
        return new EventData(records, unique);
    }

    /** The same event as a Kafka Connect JSON record with its schema (what a JDBC sink needs to build rows). */
    static byte[] withConnectSchema(Event e) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode schema = root.putObject("schema")
                .put("type", "struct")
                .put("name", "bench.StageEvent")
                .put("optional", false);
        var fields = schema.putArray("fields");
        for (String f : List.of(
                "event_id", "type", "pipeline", "project", "config_id", "stage", "run_id", "occurred_at", "payload")) {
            fields.addObject().put("field", f).put("type", "string").put("optional", f.equals("run_id"));
        }
        ObjectNode payload = root.putObject("payload");
        for (String f :
                List.of("event_id", "type", "pipeline", "project", "config_id", "stage", "run_id", "occurred_at")) {
            payload.put(f, e.json().get(f).asText());
        }
        payload.put("payload", e.json().toString());
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
