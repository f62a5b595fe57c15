package dev.cairn.planner.store;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.StageState;
import java.time.Instant;
import java.util.List;

/**
 * What the view keeps of a CompletionRecorded: declared stages, level, version, {@code recorded_at}, and the last
 * completion time and run id of the level stage (for the seed-format export). Timestamps as epoch second + nano;
 * {@code completedNano} is -1 when unknown. {@code marks}: every stage's status and last completion, for the dashboard.
 */
public record ViewState(
        List<String> stages,
        String level,
        long version,
        long recordedSecond,
        int recordedNano,
        long completedSecond,
        int completedNano,
        String runId,
        StageMarks marks) {

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
                levelState == null ? null : levelState.lastRunId(),
                marks(r));
    }

    private static StageMarks marks(CompletionRecorded r) {
        if (r.stageStates() == null || r.stageStates().isEmpty()) {
            return StageMarks.EMPTY;
        }
        List<String> stages = List.copyOf(r.stageStates().keySet());
        byte[] status = new byte[stages.size()];
        long[] completed = new long[stages.size()];
        for (int i = 0; i < stages.size(); i++) {
            StageState st = r.stageStates().get(stages.get(i));
            status[i] = StageMarks.code(st.status());
            completed[i] = st.lastCompletedAt() == null
                    ? StageMarks.NO_TIME
                    : st.lastCompletedAt().toEpochMilli();
        }
        return new StageMarks(stages, status, completed);
    }

    public Instant recordedAt() {
        return Instant.ofEpochSecond(recordedSecond, recordedNano);
    }
}
