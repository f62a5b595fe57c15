package dev.cairn.planner.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.StageState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The newest version per key wins; tombstones delete; stages, times and run ids are kept for the answers. */
class CompletionViewTest {

    static final List<String> STAGES = List.of("metashape", "postprocess");

    static CompletionRecorded state(
            String pipeline, String project, String config, String level, long version, String recordedAt) {
        Map<String, StageState> states = new LinkedHashMap<>();
        Instant at = Instant.parse(recordedAt);
        for (String s : STAGES) {
            states.put(s, new StageState("completed", at, at, "wf-" + s, 1));
            if (s.equals(level)) {
                break;
            }
        }
        return new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                "e-" + version,
                pipeline,
                project,
                config,
                STAGES,
                level,
                level == null ? Map.of() : states,
                new Change("stage.completed", level, "wf", at, null, null, null, null),
                at,
                version);
    }

    static ViewUpdate upsert(CompletionRecorded s) {
        return ViewUpdate.of(s);
    }

    private static int level(CompletionView view, String project, String config) {
        char[] t = project.toCharArray();
        return view.read("photo", config, r -> r.levelCode(t, 0, t.length));
    }

    @Test
    void newestVersionWinsAndRedeliveriesAreIgnored() {
        CompletionView view = new CompletionView();
        CompletionView.Applied applied = view.apply(List.of(
                upsert(state("photo", "m1", "default", "metashape", 1, "2024-01-15T10:00:00Z")),
                upsert(state("photo", "m1", "default", "postprocess", 2, "2024-01-15T11:00:00Z")),
                upsert(state("photo", "m1", "default", "metashape", 1, "2024-01-15T10:00:00Z"))));
        assertThat(applied).isEqualTo(new CompletionView.Applied(2, 1, 0, 0));
        assertThat(level(view, "m1", "default")).isEqualTo(2);
        assertThat(view.asOf()).isEqualTo(Instant.parse("2024-01-15T11:00:00Z"));
        assertThat(view.keys()).isEqualTo(1);
    }

    @Test
    void configIdsAreSeparateAndTombstonesDelete() {
        CompletionView view = new CompletionView();
        view.apply(List.of(
                upsert(state("photo", "m1", "default", "postprocess", 1, "2024-01-15T10:00:00Z")),
                upsert(state("photo", "m1", "highres", "metashape", 1, "2024-01-15T10:00:00Z"))));
        assertThat(level(view, "m1", "highres")).isEqualTo(1);
        assertThat(level(view, "m1", "lowres")).isEqualTo(PipelineRead.NOT_RECORDED);
        view.apply(List.of(new ViewUpdate("photo", "m1", "default", null)));
        assertThat(level(view, "m1", "default")).isEqualTo(PipelineRead.NOT_RECORDED);
        assertThat(view.keys()).isEqualTo(1);
        view.apply(List.of(upsert(state("photo", "m1", "default", null, 1, "2024-01-15T12:00:00Z"))));
        assertThat(level(view, "m1", "default"))
                .as("re-created after the tombstone, nothing complete")
                .isZero();
    }

    @Test
    void rowsCarryTheLevelStagesLastCompletionAndRun() {
        CompletionView view = new CompletionView();
        view.apply(List.of(
                upsert(state("photo", "m1", "default", "postprocess", 3, "2024-01-15T10:30:00.123456Z")),
                upsert(state("photo", "m2", "default", null, 1, "2024-01-15T10:00:00Z"))));
        ViewRows done = view.rows("photo", "default", rank -> rank >= 0);
        assertThat(done.size()).isEqualTo(1);
        assertThat(done.project(0)).isEqualTo("m1");
        assertThat(done.level(0)).isEqualTo("postprocess");
        assertThat(done.completedAt(0)).isEqualTo(Instant.parse("2024-01-15T10:30:00.123456Z"));
        assertThat(done.runId(0)).isEqualTo("wf-postprocess");
        ViewRows below = view.rows("photo", "default", rank -> rank < 1);
        assertThat(below.size()).isEqualTo(1);
        assertThat(below.level(0)).isNull();
        assertThat(view.rows("unknown", null, rank -> true)).isNull();
    }

    @Test
    void theNewestDeclarationGivesTheRanks() {
        CompletionView view = new CompletionView();
        CompletionRecorded old = state("photo", "m1", "default", "metashape", 1, "2024-01-15T10:00:00Z");
        CompletionRecorded extended = new CompletionRecorded(
                old.schema(),
                "e-x",
                "photo",
                "m2",
                "default",
                List.of("metashape", "postprocess", "publish"),
                "publish",
                Map.of(),
                old.change(),
                Instant.parse("2024-02-01T00:00:00Z"),
                1);
        view.apply(List.of(upsert(extended), upsert(old)));
        assertThat(view.read("photo", "default", PipelineRead::stages))
                .containsExactly("metashape", "postprocess", "publish");
    }

    /** A state of {@code pipeline} declaring {@code stages}, at level {@code level} (no stage states). */
    static ViewUpdate declaring(String pipeline, String project, List<String> stages, String level) {
        return new ViewUpdate(
                pipeline,
                project,
                "default",
                new ViewState(stages, level, 1, 1_700_000_000L, 0, 0, -1, null, StageMarks.EMPTY));
    }

    static List<String> stages(String prefix, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> prefix + i)
                .toList();
    }

    @Test
    void aRecordPastSixtyFourStageNamesIsRefusedWholeAndCounted() {
        CompletionView view = new CompletionView();
        CompletionView.Applied tooMany = view.apply(List.of(declaring("wide", "m1", stages("s", 65), "s64")));
        assertThat(tooMany).isEqualTo(new CompletionView.Applied(0, 0, 0, 1));
        assertThat(view.keys()).isZero();
        assertThat(view.read("wide", "default", PipelineRead::pipelineKnown)).isFalse();

        assertThat(view.apply(List.of(declaring("wide", "m1", stages("s", 64), "s63"))))
                .isEqualTo(new CompletionView.Applied(1, 0, 0, 0));
        // 64 names known; a record naming one more (a producer other than the ledger) is refused, the view unchanged
        CompletionView.Applied oneMore = view.apply(List.of(declaring("wide", "m2", stages("t", 1), "t0")));
        assertThat(oneMore).isEqualTo(new CompletionView.Applied(0, 0, 0, 1));
        assertThat(view.keys()).isEqualTo(1);
        assertThat(view.read("wide", "default", PipelineRead::stages)).isEqualTo(stages("s", 64));
        char[] m1 = "m1".toCharArray();
        assertThat(view.<Integer>read("wide", "default", r -> r.levelCode(m1, 0, m1.length)))
                .isEqualTo(64);
    }
}
