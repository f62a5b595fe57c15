package dev.cairn.ledger.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProbeOrderTest {

    private static List<String> benchNames(int n, int seed) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(String.format("photos/2024/IMG_%07d.json", random.nextInt(1_100_000)));
        }
        return names;
    }

    private static void assertPermutation(int[] order, int n) {
        assertThat(Arrays.stream(order).sorted().toArray())
                .isEqualTo(IntStream.range(0, n).toArray());
    }

    @Test
    void everyPositionOnceAndNamesInOrderUpToTheirKeyCharacters() {
        List<String> names = benchNames(50_000, 15);
        int[] order = ProbeOrder.of(names);
        assertPermutation(order, names.size());
        // the shared prefix is "photos/2024/IMG_": probes ascend by the next five characters
        for (int i = 1; i < order.length; i++) {
            String before = names.get(order[i - 1]).substring(16, 21);
            String now = names.get(order[i]).substring(16, 21);
            assertThat(before.compareTo(now)).isLessThanOrEqualTo(0);
            if (before.equals(now)) {
                assertThat(order[i - 1]).isLessThan(order[i]);
            }
        }
    }

    @Test
    void anyNamesAndSizes() {
        assertThat(ProbeOrder.of(List.of())).isEmpty();
        assertThat(ProbeOrder.of(List.of("only"))).containsExactly(0);
        List<String> odd = List.of("b", "a", "é", "日本", "\uD83D\uDCF7", "a", "", "ab", "aé", "a\u00FF", "a\u0100");
        int[] order = ProbeOrder.of(odd);
        assertPermutation(order, odd.size());
        assertThat(odd.get(order[0])).isEmpty();
        assertThat(order[1]).isEqualTo(1);
        assertThat(order[2]).isEqualTo(5);
    }

    @Test
    void moreCandidatesThanThePositionBitsHoldAreSortedByName() {
        int n = (1 << ProbeOrder.INDEX_BITS) + 3;
        List<String> names = benchNames(n, 7);
        int[] order = ProbeOrder.of(names);
        assertPermutation(order, n);
        for (int i = 1; i < n; i++) {
            assertThat(names.get(order[i - 1]).compareTo(names.get(order[i]))).isLessThanOrEqualTo(0);
        }
    }
}
