package dev.cairn.ledger.domain;

import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.StageEvent;
import dev.cairn.contracts.StageState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one {@code (pipeline, project, config_id)}: progress per declared stage, the level (highest completed
 * stage) and a version that grows by one per applied change. Mutable; one instance lives for one transaction.
 */
public final class ProjectState {

    private final String pipeline;
    private final String project;
    private final String configId;
    private final Map<String, StageProgress> stages;
    private long version;
    private String lastEventId;

    public ProjectState(
            String pipeline,
            String project,
            String configId,
            Map<String, StageProgress> stages,
            long version,
            String lastEventId) {
        this.pipeline = pipeline;
        this.project = project;
        this.configId = configId;
        this.stages = new LinkedHashMap<>(stages);
        this.version = version;
        this.lastEventId = lastEventId;
    }

    public static ProjectState empty(String pipeline, String project, String configId) {
        return new ProjectState(pipeline, project, configId, Map.of(), 0, null);
    }

    /** Applies a validated event of a declared stage. */
    public void apply(StageEvent event) {
        stages.merge(
                event.stage(),
                StageProgress.NONE.with(event.type(), event.occurredAt(), event.runId()),
                (old, ignored) -> old.with(event.type(), event.occurredAt(), event.runId()));
        version++;
        lastEventId = event.eventId();
    }

    /** Forgets {@code stage} and every later declared stage, or every stage when {@code stage} is null. */
    public void reset(List<String> declared, String stage, String eventId) {
        int from = stage == null ? 0 : declared.indexOf(stage);
        if (from < 0) {
            throw new IllegalArgumentException("stage " + stage + " is not declared");
        }
        for (String s : declared.subList(from, declared.size())) {
            stages.remove(s);
        }
        if (stage == null) {
            stages.clear();
        }
        version++;
        lastEventId = eventId;
    }

    /** The highest declared stage that is complete, or null. */
    public String level(List<String> declared) {
        for (int i = declared.size() - 1; i >= 0; i--) {
            StageProgress p = stages.get(declared.get(i));
            if (p != null && p.completed()) {
                return declared.get(i);
            }
        }
        return null;
    }

    public CompletionRecorded toRecord(List<String> declared, Change change, Instant recordedAt) {
        Map<String, StageState> out = new LinkedHashMap<>();
        for (String s : declared) {
            StageProgress p = stages.get(s);
            if (p != null) {
                out.put(s, p.toContract());
            }
        }
        return new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                lastEventId,
                pipeline,
                project,
                configId,
                List.copyOf(declared),
                level(declared),
                out,
                change,
                recordedAt,
                version);
    }

    public static Change changeOf(StageEvent e) {
        return new Change(
                e.type(), e.stage(), e.runId(), e.occurredAt(), e.startedAt(), e.metrics(), e.attributes(), e.error());
    }

    public static Change resetChange(String stage, Instant at, String by) {
        return new Change(
                EventTypes.RESET, stage, null, at, null, null, by == null ? null : Map.of("requested_by", by), null);
    }

    public String pipeline() {
        return pipeline;
    }

    public String project() {
        return project;
    }

    public String configId() {
        return configId;
    }

    public Map<String, StageProgress> stages() {
        return stages;
    }

    public long version() {
        return version;
    }

    public String lastEventId() {
        return lastEventId;
    }
}
