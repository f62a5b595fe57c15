package dev.cairn.planner.service;

import java.util.List;

/**
 * The answer of {@code POST /api/v1/plan}: for project i of the request, its level code in the view (see
 * {@link dev.cairn.planner.store.PipelineRead#levelCode}) and the {@link Decision}; the counts; the warnings.
 * Packed in arrays so a 100,000-name answer costs no object per name.
 */
public final class PlanResult {

    private static final Decision[] DECISIONS = Decision.values();

    public final String pipeline;
    public final String configId;
    public final String skipIfComplete;
    public final List<String> stages;
    public final List<String> warnings;
    public final ViewStamp stamp;
    public final NameBatch names;
    private final String[] stageNamesById;
    private final int[] ranksById;
    private final int[] levelCodes;
    private final byte[] decisions;
    private int toRun;
    private int partial;

    PlanResult(
            String pipeline,
            String configId,
            String skipIfComplete,
            List<String> stages,
            String[] stageNamesById,
            int[] ranksById,
            NameBatch names,
            int[] levelCodes,
            SkipRule rule,
            List<String> warnings,
            ViewStamp stamp) {
        this.pipeline = pipeline;
        this.configId = configId;
        this.skipIfComplete = skipIfComplete;
        this.stages = stages;
        this.stageNamesById = stageNamesById;
        this.ranksById = ranksById;
        this.names = names;
        this.levelCodes = levelCodes;
        this.decisions = new byte[names.size()];
        this.warnings = warnings;
        this.stamp = stamp;
        int finalRank = stages.size() - 1;
        for (int i = 0; i < levelCodes.length; i++) {
            Decision d = rule.decide(levelRank(i), finalRank);
            decisions[i] = (byte) d.ordinal();
            toRun += d.run() ? 1 : 0;
            partial += d == Decision.RUN_PARTIAL ? 1 : 0;
        }
    }

    /** {@link SkipRule#NOT_RECORDED}, {@link SkipRule#NO_LEVEL} or the level's rank in the declared stages. */
    public int levelRank(int i) {
        int code = levelCodes[i];
        if (code < 0) {
            return SkipRule.NOT_RECORDED;
        }
        return code == 0 ? SkipRule.NO_LEVEL : ranksById[code - 1];
    }

    /** -1 when the view has no record of project i, 0 when nothing is complete, else its level's stage id + 1. */
    public int levelCode(int i) {
        return levelCodes[i];
    }

    /** The project's level stage, or null. */
    public String level(int i) {
        return levelCodes[i] > 0 ? stageNamesById[levelCodes[i] - 1] : null;
    }

    public Decision decision(int i) {
        return DECISIONS[decisions[i]];
    }

    /** How many leading declared stages project i should skip. */
    public int skippedStages(int i) {
        return SkipRule.skippedStages(decision(i), levelRank(i));
    }

    public int requested() {
        return levelCodes.length;
    }

    public int toRun() {
        return toRun;
    }

    public int skipped() {
        return levelCodes.length - toRun;
    }

    public int partial() {
        return partial;
    }
}
