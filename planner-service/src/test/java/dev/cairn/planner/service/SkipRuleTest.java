package dev.cairn.planner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.service.error.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seed's mode table ({@code SKIP_IF_COMPLETE}) and {@code should_skip_project}, row by row, for the photogrammetry
 * stages; then the same rules on a three-stage pipeline, and the 400s.
 */
class SkipRuleTest {

    private static final List<String> SEED = List.of("metashape", "postprocess");
    private static final List<String> ABC = List.of("a", "b", "c");

    /** {@code should_skip_project} returns (skip_entirely, skip_metashape_only); "-" = not in the log. */
    @ParameterizedTest(name = "{0} with level {1} -> skip={2}, skip_metashape={3}")
    @CsvSource({
        "none,        -,           false, false, skip_if_complete_none",
        "none,        metashape,   false, false, skip_if_complete_none",
        "none,        postprocess, false, false, skip_if_complete_none",
        "metashape,   -,           false, false, not_recorded",
        "metashape,   metashape,   true,  false, complete",
        "metashape,   postprocess, true,  false, complete",
        "postprocess, -,           false, false, not_recorded",
        "postprocess, metashape,   false, false, below_level",
        "postprocess, postprocess, true,  false, complete",
        "both,        -,           false, false, not_recorded",
        "both,        metashape,   false, true,  partial",
        "both,        postprocess, true,  false, complete",
    })
    void seedModeTable(String mode, String level, boolean skipEntirely, boolean skipMetashape, String reason) {
        SkipRule rule = SkipRule.parse("skip_if_complete", mode, SEED);
        int rank = "-".equals(level) ? SkipRule.NOT_RECORDED : SEED.indexOf(level);
        Decision d = rule.decide(rank, SEED.size() - 1);
        assertThat(!d.run()).isEqualTo(skipEntirely);
        boolean metashapeSkippedWhileRunning = d.run() && SkipRule.skippedStages(d, rank) >= 1;
        assertThat(metashapeSkippedWhileRunning).isEqualTo(skipMetashape);
        assertThat(d.reason()).isEqualTo(reason);
    }

    /** A project recorded with nothing complete (started, failed or reset) runs in every mode, like one not in the log. */
    @ParameterizedTest
    @CsvSource({
        "none, skip_if_complete_none",
        "metashape, nothing_complete",
        "postprocess, nothing_complete",
        "both, nothing_complete"
    })
    void recordedWithoutLevelRuns(String mode, String reason) {
        Decision d = SkipRule.parse("skip_if_complete", mode, SEED).decide(SkipRule.NO_LEVEL, 1);
        assertThat(d.run()).isTrue();
        assertThat(d.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} at level {1}")
    @CsvSource({
        "a,    0, false, 0",
        "b,    0, true,  0",
        "b,    1, false, 0",
        "b,    2, false, 0",
        "c,    1, true,  0",
        "both, 0, true,  1",
        "both, 1, true,  2",
        "both, 2, false, 0",
    })
    void threeStagePipeline(String mode, int rank, boolean run, int skippedStages) {
        Decision d = SkipRule.parse("skip_if_complete", mode, ABC).decide(rank, 2);
        assertThat(d.run()).isEqualTo(run);
        assertThat(SkipRule.skippedStages(d, rank)).isEqualTo(skippedStages);
    }

    @ParameterizedTest
    @CsvSource({"bogus", "Metashape", "''", "'both '"})
    void unknownModeNamesTheAllowedValues(String mode) {
        assertThatThrownBy(() -> SkipRule.parse("skip_if_complete", mode, SEED))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("skip_if_complete")
                .hasMessageContaining("none, both, metashape, postprocess");
    }

    @ParameterizedTest
    @CsvSource({"finalize, true", "a/b, false", "'', false"})
    void unknownPipelineAcceptsAnyWellFormedStage(String stage, boolean accepted) {
        if (accepted) {
            assertThat(SkipRule.parse("skip_if_complete", stage, List.of())
                            .decide(SkipRule.NOT_RECORDED, -1)
                            .run())
                    .isTrue();
        } else {
            assertThatThrownBy(() -> SkipRule.parse("skip_if_complete", stage, List.of()))
                    .isInstanceOf(InvalidRequestException.class);
        }
    }

    @ParameterizedTest
    @CsvSource({"metashape, 0", "postprocess, 1"})
    void levelDefaultsToTheFinalStage(String level, int rank) {
        assertThat(SkipRule.atStage("level", level, SEED).thresholdRank()).isEqualTo(rank);
        assertThat(SkipRule.atStage("level", null, SEED).stage()).isEqualTo("postprocess");
        assertThatThrownBy(() -> SkipRule.atStage("level", "both", SEED))
                .hasMessageContaining("level 'both' is not a stage")
                .hasMessageContaining("metashape, postprocess");
    }
}
