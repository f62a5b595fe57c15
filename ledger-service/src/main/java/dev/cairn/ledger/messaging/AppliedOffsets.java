package dev.cairn.ledger.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * How far this instance has applied {@code cairn.stage-events}, per partition, known in-process: the freshness barrier
 * waits on it instead of on the consumer group's throttled commit and an admin round trip per poll (docs/design.md §6).
 *
 * <p>A partition's <em>applied offset</em> A means every record below A is applied (its transaction, outbox rows
 * included, committed). It only grows, from three facts: the position the consumer starts from when the partition is
 * assigned (the group's committed offset: applied by someone), a committed offset the barrier read, and the batches
 * {@link StageEventConsumer} has finished. Batches finish out of order ({@code apply-concurrency}), so a finished
 * range {@code [first, next)} counts only once it touches A; until then it is kept aside. A gap in the offsets (which
 * only Kafka transactions or compaction make, neither used on this topic) holds A back until a committed offset
 * crosses it: then the barrier waits as long as it did before, never less.
 *
 * <p>While a barrier waits it says which end offsets it waits for ({@link #want}): {@link StageEventConsumer} then
 * applies the records of a batch below them first, in a transaction of their own, so that the barrier does not wait
 * for the rest of the batch as well.
 *
 * <p>It is also the stage-events channel's rebalance listener ({@value #LISTENER}): it learns which partitions this
 * instance owns now. For a partition owned elsewhere the barrier keeps reading the group's committed offsets.
 */
@ApplicationScoped
@Default // injected plainly into the consumer and the barrier, and by name into the channel
@Identifier(AppliedOffsets.LISTENER)
public class AppliedOffsets implements KafkaConsumerRebalanceListener {

    /** The name {@code consumer-rebalance-listener.name} of the stage-events channel gives. */
    public static final String LISTENER = "cairn-stage-events-applied";

    /** Where one partition stands: A, whether this instance owns it, finished ranges above A (first to next). */
    private static final class Track {
        long applied = -1;
        boolean owned;
        final TreeMap<Long, Long> ahead = new TreeMap<>();
    }

    /** How far behind given end offsets this instance knows the ledger to be. */
    public record Lag(long records, boolean elsewhere) {}

    /** Finished ranges kept aside per partition at most (they pile up only behind a gap). */
    static final int MAX_AHEAD = 1024;

    private final Map<TopicPartition, Track> tracks = new HashMap<>(); // guarded by this
    private long changes; // guarded by this: bumped on every change, for waiters
    private final List<Map<TopicPartition, Long>> wanted = new ArrayList<>(); // guarded by this: waiting barriers

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : partitions) {
            try {
                positions.put(tp, consumer.position(tp));
            } catch (RuntimeException e) {
                positions.put(tp, -1L); // owned, start unknown: a committed offset the barrier reads will tell
            }
        }
        assigned(positions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        released(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        released(partitions);
    }

    /** This instance now owns these partitions and will read each from the position given (all below is applied). */
    public synchronized void assigned(Map<TopicPartition, Long> positions) {
        positions.forEach((tp, position) -> {
            Track t = track(tp);
            t.owned = true;
            raise(t, position);
        });
        changed();
    }

    /** This instance no longer owns these partitions; what it knows stays true. */
    public synchronized void released(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            track(tp).owned = false;
        }
        changed();
    }

    /**
     * Every record of {@code records} (a batch, or the part of it below what barriers wait for) is applied: called
     * only once its transaction (and DLQ sends) succeeded. A partition's records are one run of its offsets.
     */
    public void finished(Iterable<? extends ConsumerRecord<?, ?>> records) {
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        for (ConsumerRecord<?, ?> r : records) {
            long[] range = ranges.computeIfAbsent(
                    new TopicPartition(r.topic(), r.partition()), tp -> new long[] {r.offset(), r.offset() + 1});
            range[0] = Math.min(range[0], r.offset());
            range[1] = Math.max(range[1], r.offset() + 1);
        }
        finished(ranges);
    }

    /** Records {@code [range[0], range[1])} of each partition are applied. */
    synchronized void finished(Map<TopicPartition, long[]> ranges) {
        ranges.forEach((tp, range) -> {
            Track t = track(tp);
            if (t.ahead.size() >= MAX_AHEAD) {
                t.ahead.clear(); // held back by a gap for long: forgetting only makes the barrier read commits
            }
            t.ahead.merge(range[0], range[1], Math::max);
            raise(t, t.applied);
        });
        changed();
    }

    /** Committed offsets read from the group: facts, like the others (a commit follows the apply). */
    public synchronized void committed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((tp, offset) -> raise(track(tp), offset));
        changed();
    }

    /** The applied offset of {@code tp} as known here, -1 when nothing is known. */
    public synchronized long applied(TopicPartition tp) {
        Track t = tracks.get(tp);
        return t == null ? -1 : t.applied;
    }

    /**
     * Records below {@code ends} not known to be applied, and whether any of them is on a partition another instance
     * (or none) owns, so that only the group's committed offsets can tell.
     */
    public synchronized Lag lag(Map<TopicPartition, Long> ends) {
        long records = 0;
        boolean elsewhere = false;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            Track t = tracks.get(e.getKey());
            long applied = t == null ? 0 : Math.max(0, t.applied);
            if (applied < e.getValue()) {
                records += e.getValue() - applied;
                elsewhere |= t == null || !t.owned || t.applied < 0;
            }
        }
        return new Lag(records, elsewhere);
    }

    /**
     * A barrier waits until the records below {@code ends} are applied; until {@link #unwant} with the same map, the
     * consumer applies the records of a batch below them before the others ({@link #wanted()}).
     */
    public synchronized void want(Map<TopicPartition, Long> ends) {
        wanted.add(ends);
    }

    /** The barrier that called {@link #want} with {@code ends} (the same instance) no longer waits. */
    public synchronized void unwant(Map<TopicPartition, Long> ends) {
        wanted.removeIf(w -> w == ends);
    }

    /** Per partition, the highest end offset a waiting barrier waits for; empty while none waits. */
    public synchronized Map<TopicPartition, Long> wanted() {
        if (wanted.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> highest = new HashMap<>();
        for (Map<TopicPartition, Long> ends : wanted) {
            ends.forEach((tp, end) -> highest.merge(tp, end, Math::max));
        }
        return highest;
    }

    /** A value that changes whenever what this knows changes; pass it to {@link #awaitChange}. */
    public synchronized long changes() {
        return changes;
    }

    /** Waits until something changed since {@code seen} ({@link #changes()}), at most {@code nanos}. */
    public synchronized void awaitChange(long seen, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (changes == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private Track track(TopicPartition tp) {
        return tracks.computeIfAbsent(tp, k -> new Track());
    }

    /** Raises A to at least {@code offset}, then takes in every finished range that now touches it. */
    private static void raise(Track t, long offset) {
        t.applied = Math.max(t.applied, offset);
        while (!t.ahead.isEmpty() && t.ahead.firstKey() <= t.applied) {
            Map.Entry<Long, Long> first = t.ahead.pollFirstEntry();
            t.applied = Math.max(t.applied, first.getValue());
        }
    }

    private void changed() {
        changes++;
        notifyAll();
    }
}
