package dev.cairn.planner.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packed table against a HashMap, through growth, deletions (backward shift) and name-arena compaction. */
class ProjectTableTest {

    @Test
    void theDashboardColumnsFollowTheirEntryThroughGrowthAndRemovals() {
        ProjectTable table = new ProjectTable();
        Map<String, Long> reference = new HashMap<>();
        Random random = new Random(7);
        for (int step = 1; step <= 50_000; step++) {
            String name = "p" + random.nextInt(5_000);
            if (random.nextInt(5) == 0) {
                assertThat(table.remove(name)).isEqualTo(reference.remove(name) != null);
            } else {
                int e = table.findOrAdd(name);
                // stage 0 always has a time; stage 2 only on odd steps (a column allocated late, then cleared)
                long[] times = step % 2 == 1 ? new long[] {step, StageMarks.NO_TIME, step * 10L} : new long[] {step};
                table.setMarks(e, step & 0x3F, step * 100L, times);
                reference.put(name, (long) step);
            }
        }
        reference.forEach((name, step) -> {
            int e = table.find(name);
            assertThat(table.statusBits(e)).as(name).isEqualTo(step & 0x3F);
            assertThat(table.changedMillis(e)).isEqualTo(step * 100L);
            assertThat(table.stageMillis(e, 0)).isEqualTo(step);
            assertThat(table.stageMillis(e, 1)).isEqualTo(StageMarks.NO_TIME);
            assertThat(table.stageMillis(e, 2)).isEqualTo(step % 2 == 1 ? step * 10L : StageMarks.NO_TIME);
            assertThat(table.stageMillis(e, 9)).isEqualTo(StageMarks.NO_TIME);
        });
    }

    @Test
    void behavesLikeAMapUnderRandomInsertsUpdatesAndRemovals() {
        ProjectTable table = new ProjectTable();
        Map<String, Long> reference = new HashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            String name = "p" + random.nextInt(20_000) + (random.nextBoolean() ? "" : ".x-" + random.nextInt(3));
            if (random.nextInt(4) == 0) {
                assertThat(table.remove(name)).isEqualTo(reference.remove(name) != null);
            } else {
                int e = table.findOrAdd(name);
                table.set(e, step + 1, step % 3, step, step % 1000, "run-" + (step % 7));
                reference.put(name, step + 1L);
            }
        }
        assertThat(table.size()).isEqualTo(reference.size());
        reference.forEach((name, version) -> {
            int e = table.find(name);
            assertThat(e).as(name).isNotNegative();
            assertThat(table.name(e)).isEqualTo(name);
            assertThat(table.version(e)).isEqualTo(version);
            assertThat(table.levelCode(e)).isEqualTo((int) ((version - 1) % 3));
            assertThat(table.runId(e)).isEqualTo("run-" + ((version - 1) % 7));
        });
        assertThat(table.find("absent")).isEqualTo(ProjectTable.NOT_FOUND);
        for (int code = 0; code < 3; code++) {
            int expected = code;
            assertThat(table.countWithLevelCode(code))
                    .as("entries at level code %d", code)
                    .isEqualTo((int) reference.values().stream()
                            .filter(v -> (v - 1) % 3 == expected)
                            .count());
        }

        StringBuilder text = new StringBuilder();
        List<String> probes = new ArrayList<>();
        int[] ends = new int[50_000];
        for (int i = 0; i < ends.length; i++) {
            String name = "p" + random.nextInt(25_000) + (random.nextBoolean() ? "" : ".x-" + random.nextInt(3));
            probes.add(name);
            ends[i] = text.append(name).length();
        }
        int[] codes = new int[ends.length];
        int[] starts = new int[ends.length];
        for (int i = 1; i < ends.length; i++) {
            starts[i] = ends[i - 1];
        }
        table.levelCodes(text.toString().toCharArray(), starts, ends, ends.length, codes);
        for (int i = 0; i < ends.length; i++) {
            int e = table.find(probes.get(i));
            assertThat(codes[i]).as(probes.get(i)).isEqualTo(e < 0 ? -1 : table.levelCode(e));
        }
    }

    @Test
    void batchedLookupsTellNamesWithTheSameHashApart() {
        // "Aa" and "BB" hash alike (31 * 'A' + 'a' == 31 * 'B' + 'B'): these 32 names share one hash
        List<String> colliding = new ArrayList<>();
        for (int bits = 0; bits < 32; bits++) {
            StringBuilder name = new StringBuilder("p");
            for (int k = 0; k < 5; k++) {
                name.append((bits >>> k & 1) == 0 ? "Aa" : "BB");
            }
            colliding.add(name.toString());
        }
        ProjectTable table = new ProjectTable();
        for (int i = 0; i < 2_000; i++) {
            table.set(table.findOrAdd("f" + i), 1, 1, 0, 0, null);
        }
        Map<String, Integer> expected = new HashMap<>();
        for (int i = 0; i < colliding.size(); i += 3) { // every third one present, each at its own level
            table.set(table.findOrAdd(colliding.get(i)), 1, i % 200 + 1, 0, 0, null);
            expected.put(colliding.get(i), i % 200 + 1);
        }
        table.remove(colliding.get(3)); // a hole in the chain: the later ones must still be found
        expected.remove(colliding.get(3));
        StringBuilder text = new StringBuilder();
        int[] starts = new int[colliding.size()];
        int[] ends = new int[colliding.size()];
        for (int i = 0; i < colliding.size(); i++) {
            starts[i] = text.length();
            ends[i] = text.append(colliding.get(i)).length();
        }
        int[] codes = new int[colliding.size()];
        table.levelCodes(text.toString().toCharArray(), starts, ends, codes.length, codes);
        for (int i = 0; i < colliding.size(); i++) {
            assertThat(codes[i]).as(colliding.get(i)).isEqualTo(expected.getOrDefault(colliding.get(i), -1));
        }
    }

    @Test
    void findsByCharRangeWithoutAString() {
        ProjectTable table = new ProjectTable();
        table.findOrAdd("mission_001");
        char[] text = "xx mission_001 yy".toCharArray();
        assertThat(table.find(text, 3, 14)).isZero();
        assertThat(table.find(text, 3, 13)).isEqualTo(ProjectTable.NOT_FOUND);
        assertThat(table.find(text, 0, 0)).isEqualTo(ProjectTable.NOT_FOUND);
    }

    @Test
    void newEntryHasNoVersionNoLevelAndUnknownTime() {
        ProjectTable table = new ProjectTable();
        int e = table.findOrAdd("m1");
        assertThat(table.version(e)).isZero();
        assertThat(table.levelCode(e)).isZero();
        assertThat(table.completedNano(e)).isEqualTo(-1);
    }
}
