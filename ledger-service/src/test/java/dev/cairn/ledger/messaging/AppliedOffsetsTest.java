package dev.cairn.ledger.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The applied offset the freshness barrier trusts: it may lag what is applied, never lead it. */
class AppliedOffsetsTest {

    static final TopicPartition P0 = new TopicPartition("cairn.stage-events", 0);
    static final TopicPartition P1 = new TopicPartition("cairn.stage-events", 1);

    @Test
    void batchesFinishedOutOfOrderCountOnlyOnceContiguousWithTheStart() {
        AppliedOffsets a = new AppliedOffsets();
        a.assigned(Map.of(P0, 100L));
        a.finished(Map.of(P0, new long[] {150, 200})); // the second batch is done first
        assertThat(a.applied(P0)).isEqualTo(100);
        assertThat(a.lag(Map.of(P0, 200L))).isEqualTo(new AppliedOffsets.Lag(100, false));
        a.finished(Map.of(P0, new long[] {100, 150}));
        assertThat(a.applied(P0)).isEqualTo(200);
        assertThat(a.lag(Map.of(P0, 200L)).records()).isZero();
    }

    @Test
    void aGapHoldsTheOffsetBackUntilACommittedOffsetCrossesIt() {
        AppliedOffsets a = new AppliedOffsets();
        a.assigned(Map.of(P0, 0L));
        a.finished(Map.of(P0, new long[] {0, 10}));
        a.finished(Map.of(P0, new long[] {11, 20})); // offset 10 is a transaction marker: never delivered
        assertThat(a.applied(P0)).isEqualTo(10);
        a.committed(Map.of(P0, 11L));
        assertThat(a.applied(P0)).isEqualTo(20);
    }

    @Test
    void finishedRangesWithoutAKnownStartCountForNothing() {
        AppliedOffsets a = new AppliedOffsets();
        a.finished(Map.of(P0, new long[] {5, 9}));
        assertThat(a.applied(P0)).isEqualTo(-1);
        assertThat(a.lag(Map.of(P0, 9L))).isEqualTo(new AppliedOffsets.Lag(9, true));
        a.committed(Map.of(P0, 5L));
        assertThat(a.applied(P0)).isEqualTo(9);
    }

    @Test
    void aPartitionOwnedElsewhereOrUnknownSaysSoAndKeepsWhatIsKnown() {
        AppliedOffsets a = new AppliedOffsets();
        a.assigned(Map.of(P0, 40L, P1, 0L));
        assertThat(a.lag(Map.of(P0, 50L, P1, 0L))).isEqualTo(new AppliedOffsets.Lag(10, false));
        a.released(List.of(P0));
        assertThat(a.lag(Map.of(P0, 50L, P1, 0L))).isEqualTo(new AppliedOffsets.Lag(10, true));
        assertThat(a.applied(P0)).isEqualTo(40);
        assertThat(a.lag(Map.of(P0, 40L, new TopicPartition("cairn.stage-events", 2), 3L)))
                .isEqualTo(new AppliedOffsets.Lag(3, true));
        a.assigned(Map.of(P0, 30L)); // back here from an older commit: A never goes down
        assertThat(a.applied(P0)).isEqualTo(40);
    }

    @Test
    void aFinishedBatchWakesAWaiter() throws Exception {
        AppliedOffsets a = new AppliedOffsets();
        a.assigned(Map.of(P0, 0L));
        long seen = a.changes();
        long[] waitedNanos = {-1};
        Thread waiter = new Thread(() -> {
            long start = System.nanoTime();
            try {
                a.awaitChange(seen, TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                return;
            }
            waitedNanos[0] = System.nanoTime() - start;
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        a.finished(Map.of(P0, new long[] {0, 1}));
        waiter.join(10_000);
        assertThat(waitedNanos[0]).isBetween(0L, TimeUnit.SECONDS.toNanos(10));
        assertThat(a.applied(P0)).isEqualTo(1);
    }

    @Test
    void rangesPiledUpBehindAGapAreForgottenPastTheLimit() {
        AppliedOffsets a = new AppliedOffsets();
        a.assigned(Map.of(P0, 0L));
        for (int i = 0; i <= AppliedOffsets.MAX_AHEAD; i++) {
            a.finished(Map.of(P0, new long[] {10L + i, 11L + i})); // offsets 0..9 not done yet
        }
        a.committed(Map.of(P0, 10L));
        // the ranges kept aside were dropped (memory stays bounded): A lags what is applied, never leads it
        assertThat(a.applied(P0)).isEqualTo(10);
        a.committed(Map.of(P0, 10L + AppliedOffsets.MAX_AHEAD));
        assertThat(a.applied(P0)).isEqualTo(11L + AppliedOffsets.MAX_AHEAD);
    }

    @Test
    void wantedIsTheHighestEndOffsetOfTheBarriersStillWaiting() {
        AppliedOffsets a = new AppliedOffsets();
        assertThat(a.wanted()).isEmpty();
        Map<TopicPartition, Long> first = Map.of(P0, 10L, P1, 50L);
        Map<TopicPartition, Long> second = Map.of(P0, 20L, P1, 40L);
        a.want(first);
        a.want(second);
        assertThat(a.wanted()).isEqualTo(Map.of(P0, 20L, P1, 50L));
        a.unwant(Map.of(P0, 20L, P1, 40L)); // an equal map is another barrier's: only the same one counts
        assertThat(a.wanted()).isEqualTo(Map.of(P0, 20L, P1, 50L));
        a.unwant(second);
        assertThat(a.wanted()).isEqualTo(first);
        a.unwant(first);
        assertThat(a.wanted()).isEmpty();
    }

    @Test
    void finishedRecordsCountPerPartitionFromTheirLowestToTheirHighestOffset() {
        AppliedOffsets a = new AppliedOffsets();
        a.assigned(Map.of(P0, 100L, P1, 7L));
        a.finished(List.of(
                new ConsumerRecord<>(P0.topic(), 0, 100, "k", "v"),
                new ConsumerRecord<>(P1.topic(), 1, 7, "k", "v"),
                new ConsumerRecord<>(P0.topic(), 0, 101, "k", "v"),
                new ConsumerRecord<>(P0.topic(), 0, 102, "k", "v")));
        assertThat(a.applied(P0)).isEqualTo(103);
        assertThat(a.applied(P1)).isEqualTo(8);
    }
}
