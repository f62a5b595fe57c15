package dev.cairn.planner.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunIdInternerTest {

    @Test
    void equalRunIdsShareOneInstance() {
        RunIdInterner interner = new RunIdInterner(10);
        String first = interner.intern(new String("wf-2026-12-05"));
        String second = interner.intern(new String("wf-2026-12-05"));
        assertThat(second).isSameAs(first);
        assertThat(interner.intern(null)).isNull();
    }

    @Test
    void aMillionDistinctRunIdsNeverHoldMoreThanTheCapacity() {
        RunIdInterner interner = new RunIdInterner(1_000);
        int largest = 0;
        for (int i = 0; i < 1_000_000; i++) {
            String id = "run-" + i;
            assertThat(interner.intern(id)).isEqualTo(id);
            largest = Math.max(largest, interner.size());
        }
        assertThat(largest).isEqualTo(1_000);
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new RunIdInterner(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
