package dev.cairn.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.StageState;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** CompletionRecorded values as the ledger publishes them, for tests that speak only the public contract. */
public final class CompletionFixtures {

    public static final List<String> SEED_STAGES = List.of("metashape", "postprocess");

    private CompletionFixtures() {}

    /** A pipeline name no other test (or earlier run against the same broker) uses. */
    public static String uniquePipeline(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    /** The state of a key whose stages up to {@code level} are complete, each last at {@code at} by {@code runId}. */
    public static CompletionRecorded state(
            String pipeline,
            String project,
            String configId,
            List<String> stages,
            String level,
            long version,
            Instant at,
            String runId) {
        Map<String, StageState> states = new LinkedHashMap<>();
        if (level != null) {
            for (String stage : stages.subList(0, stages.indexOf(level) + 1)) {
                states.put(stage, new StageState(StageState.COMPLETED, at, at, runId, 1));
            }
        }
        Change change =
                new Change("stage.completed", level == null ? stages.get(0) : level, runId, at, null, null, null, null);
        return new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                "evt-" + project + "-" + version,
                pipeline,
                project,
                configId,
                stages,
                level,
                states,
                change,
                at.plusMillis(5),
                version);
    }

    public static byte[] json(CompletionRecorded state) {
        try {
            return Json.mapper().writeValueAsBytes(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void publish(KafkaTestClient kafka, CompletionRecorded state) {
        kafka.sendAsync(Topics.COMPLETIONS, state.key(), json(state));
    }

    public static void publishTombstone(KafkaTestClient kafka, String pipeline, String project, String configId) {
        kafka.sendAsync(Topics.COMPLETIONS, Topics.key(pipeline, project, configId), (byte[]) null);
    }

    /** Mimics the ledger over a seed log: one version per completion, a level never lowered by a later lower stage. */
    public static final class LedgerLike {
        private final String pipeline;
        private final Map<String, CompletionRecorded> latest = new HashMap<>();

        public LedgerLike(String pipeline) {
            this.pipeline = pipeline;
        }

        public CompletionRecorded complete(String project, String configId, String stage, Instant at, String runId) {
            String key = Topics.key(pipeline, project, configId);
            CompletionRecorded before = latest.get(key);
            long version = before == null ? 1 : before.version() + 1;
            CompletionRecorded next;
            if (before != null && before.levelIndex() >= SEED_STAGES.indexOf(stage)) {
                next = new CompletionRecorded(
                        before.schema(),
                        "evt-" + project + "-" + version,
                        pipeline,
                        project,
                        configId,
                        SEED_STAGES,
                        before.level(),
                        before.stageStates(),
                        before.change(),
                        at.plusMillis(5),
                        version);
            } else {
                next = state(pipeline, project, configId, SEED_STAGES, stage, version, at, runId);
            }
            latest.put(key, next);
            return next;
        }
    }
}
