package dev.cairn.planner.store;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.StageState;
import java.time.Instant;
import java.util.List;

/**
 * What the view keeps of a CompletionRecorded: declared stages, level, version, {@code recorded_at}, and the last
 * completion time and run id of the level stage (for the seed-format export). Timestamps as epoch second + nano;
 * {@code completedNano} is -1 when unknown.
 */
public record ViewState(
        List<String> stages,
        String level,
        long version,
        long recordedSecond,
        int recordedNano,
        long completedSecond,
        int completedNano,
        String runId) {

    public static ViewState of(CompletionRecorded r) {
        StageState levelState = r.level() == null || r.stageStates() == null
                ? null
                : r.stageStates().get(r.level());
        Instant completedAt = levelState == null ? null : levelState.lastCompletedAt();
        return new ViewState(
                r.stages(),
                r.level(),
                r.version(),
                r.recordedAt().getEpochSecond(),
                r.recordedAt().getNano(),
                completedAt == null ? 0 : completedAt.getEpochSecond(),
                completedAt == null ? -1 : completedAt.getNano(),
                levelState == null ? null : levelState.lastRunId());
    }

    public Instant recordedAt() {
        return Instant.ofEpochSecond(recordedSecond, recordedNano);
    }
}
