package dev.cairn.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ledger.domain.ItemStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Versions, batches applied after commit in any order, and the bound on memory. */
class RunItemIndexTest {

    private static final List<String> AB = List.of("a", "b");

    private static List<ItemStatus> changes(String... itemStatus) {
        return java.util.stream.IntStream.range(0, itemStatus.length / 2)
                .mapToObj(i -> new ItemStatus(itemStatus[2 * i], itemStatus[2 * i + 1]))
                .toList();
    }

    @Test
    void answersOnlyAtExactlyTheVersionItHolds() {
        RunItemIndex index = new RunItemIndex(1 << 20);
        index.created("r", 10);
        assertThat(index.statuses("r", 10, AB)).containsExactly(0, 0);
        assertThat(index.statuses("r", 9, AB)).isNull();
        assertThat(index.statuses("r", 11, AB)).isNull();
        assertThat(index.statuses("other", 10, AB)).isNull();
        index.committed("r", 10, 12, changes("a", "success"));
        assertThat(index.statuses("r", 10, AB)).isNull();
        assertThat(index.statuses("r", 12, AB)).containsExactly(ItemStatusTable.SUCCESS, 0);
    }

    @Test
    void aBatchThatDidNotStartFromTheHeldVersionIsNotApplied() {
        RunItemIndex index = new RunItemIndex(1 << 20);
        index.created("r", 10);
        // someone else took 11; this instance's batch went 11 -> 12: it waits for a 10 -> 11 that never comes
        index.committed("r", 11, 12, changes("a", "success"));
        assertThat(index.statuses("r", 12, AB)).isNull();
        assertThat(index.statuses("r", 10, AB)).containsExactly(0, 0);
    }

    @Test
    void batchesCommittedOutOfOrderAreAppliedInVersionOrder() {
        RunItemIndex index = new RunItemIndex(1 << 20);
        index.created("r", 10);
        index.committed("r", 13, 17, changes("a", "error"));
        index.committed("r", 11, 13, changes("a", "success", "b", "error"));
        assertThat(index.statuses("r", 13, AB)).isNull();
        index.committed("r", 10, 11, changes("b", "skipped"));
        assertThat(index.statuses("r", 17, AB)).containsExactly(ItemStatusTable.ERROR, ItemStatusTable.ERROR);
        index.committed("r", 10, 11, changes("b", "success")); // already in: a late report changes nothing
        assertThat(index.statuses("r", 17, AB)).containsExactly(ItemStatusTable.ERROR, ItemStatusTable.ERROR);
    }

    @Test
    void tooManyWaitingBatchesDropTheRun() {
        RunItemIndex index = new RunItemIndex(1 << 20);
        index.created("r", 1);
        for (int i = 0; i <= RunItemIndex.MAX_PARKED; i++) {
            index.committed("r", 100 + i, 101 + i, changes("a", "success"));
        }
        assertThat(index.held()).doesNotContainKey("r");
    }

    @Test
    void anOlderTableNeverReplacesANewerOne() {
        RunItemIndex index = new RunItemIndex(1 << 20);
        index.created("r", 10);
        index.committed("r", 10, 12, changes("a", "success"));
        ItemStatusTable older = new ItemStatusTable(1);
        older.put("a", ItemStatusTable.ERROR);
        index.install("r", 11, older);
        assertThat(index.statuses("r", 12, AB)).containsExactly(ItemStatusTable.SUCCESS, 0);
        ItemStatusTable newer = new ItemStatusTable(1);
        newer.put("b", ItemStatusTable.SUCCESS);
        index.install("r", 14, newer);
        assertThat(index.statuses("r", 14, AB)).containsExactly(0, ItemStatusTable.SUCCESS);
    }

    @Test
    void wholeRunsLeaveLeastRecentlyUsedFirstUnderTheBound() {
        long one = table(2_000).bytes();
        RunItemIndex index = new RunItemIndex(one * 3 + one / 2);
        index.install("r1", 1, table(2_000));
        index.install("r2", 1, table(2_000));
        index.install("r3", 1, table(2_000));
        assertThat(index.statuses("r1", 1, AB)).isNotNull(); // r1 used: r2 is now the least recent
        index.install("r4", 1, table(2_000));
        assertThat(index.held().keySet()).containsExactlyInAnyOrder("r1", "r3", "r4");
        assertThat(index.held().values().stream().mapToLong(Long::longValue).sum())
                .isLessThanOrEqualTo(one * 3 + one / 2);
        index.install("huge", 1, table(20_000)); // alone over the bound: never kept, nothing evicted for it
        assertThat(index.held().keySet()).containsExactlyInAnyOrder("r1", "r3", "r4");
    }

    @Test
    void aRunGrowingPastTheBoundByItsBatchesLeaves() {
        RunItemIndex index = new RunItemIndex(table(2_000).bytes());
        index.created("r", 1);
        List<ItemStatus> many = java.util.stream.IntStream.range(0, 5_000)
                .mapToObj(i -> new ItemStatus("item-" + i, "success"))
                .toList();
        index.committed("r", 1, 2, many);
        assertThat(index.held()).doesNotContainKey("r");
        assertThat(index.statuses("r", 2, AB)).isNull();
    }

    private static ItemStatusTable table(int items) {
        ItemStatusTable t = new ItemStatusTable(items);
        for (int i = 0; i < items; i++) {
            t.put("photos/2024/IMG_" + i + ".json", ItemStatusTable.SUCCESS);
        }
        return t;
    }
}
