package dev.cairn.planner.service;

import dev.cairn.contracts.Names;
import dev.cairn.service.error.InvalidRequestException;
import java.util.List;

/**
 * A parsed {@code skip_if_complete} (docs/design.md §6; the seed's {@code should_skip_project} with generic stages):
 * {@code none}; a stage name, skipping a project whose level is that stage or later (the seed's
 * {@code metashape} and {@code postprocess}); or {@code both}, skipping a project whose final stage is complete
 * and otherwise running it while skipping its completed stages (the seed's {@code skip_metashape}).
 *
 * <p>Levels are ranks in the pipeline's declared stages: {@link #NOT_RECORDED} when the view has no record for
 * the project, {@link #NO_LEVEL} when it has one but nothing is complete, else 0 for the first stage, and so on.
 */
public record SkipRule(Kind kind, String stage, int thresholdRank) {

    public enum Kind {
        NONE,
        STAGE,
        BOTH
    }

    public static final String NONE = "none";
    public static final String BOTH = "both";
    public static final int NOT_RECORDED = -2;
    public static final int NO_LEVEL = -1;

    /**
     * Parses {@code value} against the pipeline's declared stages. An unknown pipeline (no stages known) accepts any
     * well-formed stage name, since nothing of it is complete anyway; the caller warns about it.
     */
    public static SkipRule parse(String field, String value, List<String> stages) {
        if (value == null || NONE.equals(value)) {
            return new SkipRule(Kind.NONE, null, 0);
        }
        if (BOTH.equals(value)) {
            return new SkipRule(Kind.BOTH, null, Math.max(stages.size() - 1, 0));
        }
        int rank = stages.indexOf(value);
        if (rank >= 0 || (stages.isEmpty() && Names.isValid(value))) {
            return new SkipRule(Kind.STAGE, value, Math.max(rank, 0));
        }
        throw new InvalidRequestException(
                field + " '" + value + "' is not allowed; allowed values: " + allowed(stages));
    }

    /** A stage of the pipeline (the seed's {@code --level}, or {@code below} of /remaining); null means the final one. */
    public static SkipRule atStage(String field, String value, List<String> stages) {
        if (value == null) {
            return new SkipRule(
                    Kind.STAGE,
                    stages.isEmpty() ? null : stages.get(stages.size() - 1),
                    Math.max(stages.size() - 1, 0));
        }
        int rank = stages.indexOf(value);
        if (rank >= 0 || (stages.isEmpty() && Names.isValid(value))) {
            return new SkipRule(Kind.STAGE, value, Math.max(rank, 0));
        }
        throw new InvalidRequestException(field + " '" + value + "' is not a stage of the pipeline; allowed values: "
                + (stages.isEmpty() ? "a stage name" : String.join(", ", stages)));
    }

    static String allowed(List<String> stages) {
        return NONE + ", " + BOTH + ", " + (stages.isEmpty() ? "a stage name" : String.join(", ", stages));
    }

    /** The decision for a project whose level has rank {@code levelRank} in a pipeline whose final stage has {@code finalRank}. */
    public Decision decide(int levelRank, int finalRank) {
        if (kind == Kind.NONE) {
            return Decision.RUN_MODE_NONE;
        }
        if (levelRank == NOT_RECORDED) {
            return Decision.RUN_NOT_RECORDED;
        }
        if (levelRank < 0) {
            return Decision.RUN_NOTHING_COMPLETE;
        }
        if (kind == Kind.BOTH) {
            return levelRank >= finalRank ? Decision.SKIP_COMPLETE : Decision.RUN_PARTIAL;
        }
        return levelRank >= thresholdRank ? Decision.SKIP_COMPLETE : Decision.RUN_BELOW_LEVEL;
    }

    /** Whether a project of this level counts as completed for a config list (the seed's {@code completed} set). */
    public boolean completes(int levelRank, int finalRank) {
        return !decide(levelRank, finalRank).run();
    }

    /**
     * How many leading stages a running project should skip: its completed stages when partial ({@code both}), none
     * otherwise. A skipped project ({@code run: false}) runs nothing, so it lists no stages either.
     */
    public static int skippedStages(Decision decision, int levelRank) {
        return decision == Decision.RUN_PARTIAL ? levelRank + 1 : 0;
    }
}
