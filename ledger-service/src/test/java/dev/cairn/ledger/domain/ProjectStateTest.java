package dev.cairn.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.StageEvent;
import dev.cairn.contracts.StageState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProjectStateTest {

    static final List<String> STAGES = List.of("metashape", "postprocess");
    static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");

    static StageEvent event(String id, String type, String stage, int minute, String run) {
        return new StageEvent(
                StageEvent.SCHEMA,
                id,
                type,
                "photogrammetry",
                "mission_001",
                "default",
                stage,
                run,
                T0.plusSeconds(60L * minute),
                null,
                null,
                null,
                null);
    }

    static ProjectState applyAll(List<StageEvent> events) {
        ProjectState s = ProjectState.empty("photogrammetry", "mission_001", "default");
        events.forEach(s::apply);
        return s;
    }

    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of(
                        "nothing completed",
                        List.of(event("a", EventTypes.STARTED, "metashape", 0, "r1")),
                        null,
                        "started"),
                Arguments.of(
                        "metashape completed",
                        List.of(
                                event("a", EventTypes.STARTED, "metashape", 0, "r1"),
                                event("b", EventTypes.COMPLETED, "metashape", 5, "r1")),
                        "metashape",
                        "completed"),
                Arguments.of(
                        "late metashape completion does not lower postprocess",
                        List.of(
                                event("c", EventTypes.COMPLETED, "postprocess", 9, "r1"),
                                event("b", EventTypes.COMPLETED, "metashape", 5, "r1")),
                        "postprocess",
                        "completed"),
                Arguments.of(
                        "failure after completion keeps the level",
                        List.of(
                                event("b", EventTypes.COMPLETED, "metashape", 5, "r1"),
                                event("d", EventTypes.FAILED, "metashape", 20, "r2")),
                        "metashape",
                        "completed"),
                Arguments.of(
                        "start arriving after the completion does not reopen the stage",
                        List.of(
                                event("b", EventTypes.COMPLETED, "metashape", 5, "r1"),
                                event("a", EventTypes.STARTED, "metashape", 0, "r1")),
                        "metashape",
                        "completed"),
                Arguments.of(
                        "failed then retried start",
                        List.of(
                                event("a", EventTypes.STARTED, "metashape", 0, "r1"),
                                event("d", EventTypes.FAILED, "metashape", 2, "r1")),
                        null,
                        "failed"),
                Arguments.of(
                        "postprocess alone is the level",
                        List.of(event("c", EventTypes.COMPLETED, "postprocess", 9, "r1")),
                        "postprocess",
                        "completed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void levelAndMetashapeStatus(String name, List<StageEvent> events, String level, String firstTouchedStatus) {
        ProjectState s = applyAll(events);
        assertThat(s.level(STAGES)).isEqualTo(level);
        String stage = events.get(0).stage();
        assertThat(s.stages().get(stage).status()).isEqualTo(firstTouchedStatus);
        assertThat(s.version()).isEqualTo(events.size());
    }

    @RepeatedTest(20)
    void finalStateDoesNotDependOnArrivalOrder() {
        Random random = new Random();
        List<StageEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String type = List.of(EventTypes.STARTED, EventTypes.COMPLETED, EventTypes.FAILED)
                    .get(random.nextInt(3));
            events.add(event(
                    "e" + i, type, STAGES.get(random.nextInt(2)), random.nextInt(30), "run-" + random.nextInt(3)));
        }
        CompletionRecorded reference = applyAll(events).toRecord(STAGES, null, null);
        for (int round = 0; round < 10; round++) {
            List<StageEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            CompletionRecorded other = applyAll(shuffled).toRecord(STAGES, null, null);
            assertThat(other.level()).isEqualTo(reference.level());
            assertThat(other.stageStates()).isEqualTo(reference.stageStates());
            assertThat(other.version()).isEqualTo(reference.version());
        }
    }

    @Test
    void firstAndLastCompletionAndAttempts() {
        ProjectState s = applyAll(List.of(
                event("b", EventTypes.COMPLETED, "metashape", 30, "r2"),
                event("a", EventTypes.COMPLETED, "metashape", 10, "r1"),
                event("f", EventTypes.FAILED, "metashape", 20, "r3"),
                event("s", EventTypes.STARTED, "metashape", 5, "r1")));
        StageState m = s.toRecord(STAGES, null, null).stageStates().get("metashape");
        assertThat(m.firstCompletedAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(m.lastCompletedAt()).isEqualTo(T0.plusSeconds(1800));
        assertThat(m.lastRunId()).isEqualTo("r2");
        assertThat(m.attempts()).isEqualTo(3);
    }

    @Test
    void resetForgetsTheStageAndLaterOnes() {
        ProjectState s = applyAll(List.of(
                event("b", EventTypes.COMPLETED, "metashape", 5, "r1"),
                event("c", EventTypes.COMPLETED, "postprocess", 9, "r1")));
        s.reset(STAGES, "postprocess", "reset-1");
        assertThat(s.level(STAGES)).isEqualTo("metashape");
        s.reset(STAGES, null, "reset-2");
        assertThat(s.level(STAGES)).isNull();
        assertThat(s.version()).isEqualTo(4);
        assertThat(s.lastEventId()).isEqualTo("reset-2");
    }
}
