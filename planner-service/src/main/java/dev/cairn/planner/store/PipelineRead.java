package dev.cairn.planner.store;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * Read access to one {@code (pipeline, config_id)} of the view, valid only inside
 * {@link CompletionView#read(String, String, java.util.function.Function)} (the view's read lock is held).
 */
public final class PipelineRead {

    /** {@link #levelCode} of a project without any record. */
    public static final int NOT_RECORDED = -1;

    private final PipelineStages stages;
    private final ProjectTable table;

    PipelineRead(PipelineStages stages, ProjectTable table) {
        this.stages = stages;
        this.table = table;
    }

    /** Whether any record of the pipeline exists (for any config_id). */
    public boolean pipelineKnown() {
        return stages != null;
    }

    /** Whether any record of this config_id exists. */
    public boolean configKnown() {
        return table != null && table.size() > 0;
    }

    /** Declared stages in order (empty for an unknown pipeline). Immutable. */
    public List<String> stages() {
        return stages == null ? List.of() : stages.declared();
    }

    /** Stage names indexed by level code - 1 (a copy, usable after the lock is released). */
    public String[] stageNamesById() {
        return stages == null ? new String[0] : stages.namesById();
    }

    /** Declared rank indexed by level code - 1, -1 for a stage no longer declared (a copy). */
    public int[] ranksById() {
        return stages == null ? new int[0] : stages.ranksById();
    }

    /** {@link #NOT_RECORDED}, 0 when the project is known but nothing is complete, else its level's stage id + 1. */
    public int levelCode(char[] text, int from, int to) {
        if (table == null) {
            return NOT_RECORDED;
        }
        int e = table.find(text, from, to);
        return e < 0 ? NOT_RECORDED : table.levelCode(e);
    }

    /**
     * {@link #levelCode} of many names in one call (faster than one by one): name i is
     * {@code text[starts[i], ends[i])}; the codes go to {@code out}.
     */
    public void levelCodes(char[] text, int[] starts, int[] ends, int count, int[] out) {
        if (table == null) {
            java.util.Arrays.fill(out, 0, count, NOT_RECORDED);
        } else {
            table.levelCodes(text, starts, ends, count, out);
        }
    }

    /** Declared rank of a level code from {@link #levelCode}: {@code -2} not recorded, -1 nothing complete. */
    public int rankOfCode(int levelCode) {
        return levelCode == NOT_RECORDED ? -2 : levelCode == 0 ? -1 : stages.rank(levelCode - 1);
    }

    /** Number of known projects of this config_id whose level rank (-1 = nothing complete) passes {@code test}. */
    public int count(IntPredicate test) {
        if (table == null) {
            return 0;
        }
        int count = test.test(-1) ? table.countWithLevelCode(0) : 0;
        int[] ranks = stages.ranksById();
        for (int id = 0; id < ranks.length; id++) {
            if (test.test(ranks[id])) {
                count += table.countWithLevelCode(id + 1);
            }
        }
        return count;
    }
}
