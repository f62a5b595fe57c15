package dev.cairn.planner.ui;

import dev.cairn.planner.store.StageMarks;
import dev.cairn.planner.store.ViewRows;
import java.util.List;

/**
 * A project's status on the dashboard, from its stages' states: {@code failed} when a declared stage failed,
 * else {@code running} when one is started, else {@code completed} when the final stage is, {@code partial} when
 * some stage is, {@code not_started} otherwise.
 */
enum ProjectStatus {
    COMPLETED,
    PARTIAL,
    RUNNING,
    FAILED,
    NOT_STARTED;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The status named {@code label}, or null when none is (a 400 for the caller). */
    static ProjectStatus of(String label) {
        for (ProjectStatus s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        return null;
    }

    static List<String> labels() {
        return java.util.Arrays.stream(values()).map(ProjectStatus::label).toList();
    }

    /** The status of row {@code i}; {@code declaredIds}: the stage id of each declared stage, in order. */
    static ProjectStatus of(ViewRows rows, int i, int[] declaredIds) {
        boolean running = false;
        boolean any = false;
        for (int id : declaredIds) {
            int s = id < 0 ? StageMarks.NONE : rows.status(i, id);
            if (s == StageMarks.FAILED) {
                return FAILED;
            }
            running |= s == StageMarks.STARTED;
            any |= s == StageMarks.COMPLETED;
        }
        if (running) {
            return RUNNING;
        }
        int last = declaredIds.length == 0 ? -1 : declaredIds[declaredIds.length - 1];
        if (last >= 0 && rows.status(i, last) == StageMarks.COMPLETED) {
            return COMPLETED;
        }
        return any || rows.levelRank(i) >= 0 ? PARTIAL : NOT_STARTED;
    }

    /** The stage id of each of {@code declared} in {@code rows} (-1 when the copy has no such stage). */
    static int[] declaredIds(ViewRows rows, List<String> declared) {
        List<String> byId = List.of(rows.stageNamesById());
        return declared.stream().mapToInt(byId::indexOf).toArray();
    }
}
