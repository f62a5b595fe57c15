package dev.cairn.marker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.StageState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** CompletionRecorded payloads as the ledger publishes them, for tests that speak only the public contracts. */
public final class Completions {

    public static final String PIPELINE = "us_dw_hybrid_v1_2";
    public static final List<String> STAGES = List.of("extract", "sync");

    private Completions() {}

    public static String project(String prefix) {
        return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    public static CompletionRecorded completed(
            String pipeline,
            String project,
            String stage,
            String eventId,
            Instant startedAt,
            Instant occurredAt,
            ObjectNode metrics) {
        return change(pipeline, project, "stage.completed", stage, eventId, startedAt, occurredAt, metrics);
    }

    /** A {@code stage.failed} of {@code stage} with {@code error}, as the ledger publishes it. */
    public static CompletionRecorded failed(
            String pipeline, String project, String stage, String eventId, Instant startedAt, String error) {
        CompletionRecorded c =
                change(pipeline, project, "stage.failed", stage, eventId, startedAt, startedAt.plusSeconds(12), null);
        Change x = c.change();
        Change failed = new Change(
                x.type(), x.stage(), x.runId(), x.occurredAt(), x.startedAt(), x.metrics(), x.attributes(), error);
        return new CompletionRecorded(
                c.schema(),
                c.eventId(),
                c.pipeline(),
                c.project(),
                c.configId(),
                c.stages(),
                c.level(),
                c.stageStates(),
                failed,
                c.recordedAt(),
                c.version());
    }

    public static CompletionRecorded change(
            String pipeline,
            String project,
            String type,
            String stage,
            String eventId,
            Instant startedAt,
            Instant occurredAt,
            ObjectNode metrics) {
        Change change = new Change(
                type, stage, "run-" + eventId, occurredAt, startedAt, metrics, Map.of("producer", "test"), null);
        StageState state = new StageState(
                type.equals("stage.completed") ? "completed" : "started", occurredAt, occurredAt, "run-" + eventId, 1);
        return new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                eventId,
                pipeline,
                project,
                "default",
                STAGES,
                type.equals("stage.completed") ? stage : null,
                Map.of(stage, state),
                change,
                Instant.now(),
                1);
    }

    public static String json(CompletionRecorded c) {
        try {
            return Json.mapper().writeValueAsString(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode metrics(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
