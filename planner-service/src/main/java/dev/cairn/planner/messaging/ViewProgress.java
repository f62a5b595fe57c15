package dev.cairn.planner.messaging;

import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the view has read {@code cairn.completions}: the position reached per partition, the end offsets seen at
 * start (the view is ready once it reaches them), the lag, the last failure, and barriers that wait until the view
 * reaches given offsets ({@code fresh=true}). Written by the reader thread, read by requests and health checks.
 */
@Singleton
public class ViewProgress {

    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private Map<TopicPartition, Long> startTargets;
    private volatile boolean caughtUp;
    private volatile String failure;
    private volatile String snapshot;
    private volatile long lag = -1;
    private volatile long readingSinceNanos = System.nanoTime();
    private volatile long catchUpMillis = -1;
    final LongAdder applied = new LongAdder();
    final LongAdder stale = new LongAdder();
    final LongAdder removed = new LongAdder();
    final LongAdder invalid = new LongAdder();

    /** The reader has assigned the partitions and taken the end offsets at start. */
    synchronized void started(Map<TopicPartition, Long> endOffsetsAtStart, Map<TopicPartition, Long> startPositions) {
        startTargets = Map.copyOf(endOffsetsAtStart);
        readingSinceNanos = System.nanoTime();
        advanced(startPositions, -1);
    }

    /** The reader has applied everything before {@code newPositions}. */
    synchronized void advanced(Map<TopicPartition, Long> newPositions, long newLag) {
        positions.putAll(newPositions);
        if (newLag >= 0) {
            lag = newLag;
        }
        failure = null;
        if (!caughtUp && startTargets != null && reached(startTargets)) {
            catchUpMillis = (System.nanoTime() - readingSinceNanos) / 1_000_000;
            caughtUp = true;
        }
        notifyAll();
    }

    /** The view was filled from a snapshot before reading the topic (how, for readiness). */
    void restored(String description) {
        snapshot = description;
    }

    /** How the view was filled from a snapshot at start, or null when it read the topic from the beginning. */
    public String snapshot() {
        return snapshot;
    }

    void failed(String reason) {
        failure = reason;
    }

    /** Waits until every partition of {@code targets} is consumed up to its offset; false on timeout. */
    public synchronized boolean await(Map<TopicPartition, Long> targets, long timeoutNanos)
            throws InterruptedException {
        return awaitUntil(() -> reached(targets), timeoutNanos);
    }

    /** Records between the positions reached and {@code targets}. */
    public synchronized long behind(Map<TopicPartition, Long> targets) {
        long sum = 0;
        for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
            sum += Math.max(0, t.getValue() - positions.getOrDefault(t.getKey(), 0L));
        }
        return sum;
    }

    public synchronized Map<TopicPartition, Long> positions() {
        return new HashMap<>(positions);
    }

    /** The end offsets seen at start, or null before the topic was found. */
    public synchronized Map<TopicPartition, Long> startTargets() {
        return startTargets;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** Waits until the view has caught up at start (readiness); false on timeout. */
    public synchronized boolean awaitCaughtUp(long timeoutNanos) throws InterruptedException {
        return awaitUntil(() -> caughtUp, timeoutNanos);
    }

    /** Waits (holding this monitor, which {@link #advanced} notifies) until {@code done}; false on timeout. */
    private boolean awaitUntil(BooleanSupplier done, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Why the reader is not reading now, or null when it is. */
    public String failure() {
        return failure;
    }

    /** Records not yet consumed, as of the reader's last poll (-1 before the first). */
    public long lag() {
        return lag;
    }

    /** How long the start-up catch-up took, -1 while it runs. */
    public long catchUpMillis() {
        return catchUpMillis;
    }

    public long applied() {
        return applied.sum();
    }

    public long stale() {
        return stale.sum();
    }

    public long removed() {
        return removed.sum();
    }

    public long invalid() {
        return invalid.sum();
    }

    private boolean reached(Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
            if (positions.getOrDefault(t.getKey(), 0L) < t.getValue()) {
                return false;
            }
        }
        return true;
    }
}
