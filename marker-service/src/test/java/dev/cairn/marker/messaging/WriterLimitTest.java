package dev.cairn.marker.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The writer limit against simulated S3 latencies: each simulated second every allowed writer completes markers whose
 * S3 calls take {@code latency(writers)}; the limit sees them as {@code CompletionConsumer} reports them.
 */
class WriterLimitTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Runs {@code seconds} simulated seconds of a busy marker; answers the limit after each second. */
    private static List<Integer> run(WriterLimit limit, IntToLongFunction latencyNanos, int seconds) {
        List<Integer> limits = new ArrayList<>();
        long now = 0;
        for (int s = 0; s < seconds; s++) {
            int writers = limit.current();
            long latency = latencyNanos.applyAsLong(writers);
            long end = now + SECOND;
            for (long t = now; t < end; t += latency / writers) {
                limit.sample(t, latency, writers, false);
            }
            now = end;
            limits.add(limit.current());
        }
        return limits;
    }

    @Test
    void slowButFlatLatencyGrowsTheLimitToTheMaximum() {
        WriterLimit limit = new WriterLimit(4, 32);
        // a remote S3: a marker's calls take 120 ms however many writers run
        List<Integer> limits = run(limit, writers -> TimeUnit.MILLISECONDS.toNanos(120), 30);

        assertThat(limits.get(0)).isLessThan(32);
        assertThat(limits.get(limits.size() - 1)).isEqualTo(32);
        assertThat(limits).allSatisfy(l -> assertThat(l).isBetween(4, 32));
    }

    @Test
    void latencyRisingWithTheWritersShrinksTheLimit() {
        WriterLimit limit = new WriterLimit(2, 32);
        // S3 answers in 3 ms however many writers run: the limit grows to the maximum
        run(limit, writers -> TimeUnit.MILLISECONDS.toNanos(3), 20);
        assertThat(limit.current()).isEqualTo(32);

        // then the cores are the limit (S3 on loopback under load): beyond 4 writers each one added only queues
        IntToLongFunction cpuBound = writers -> TimeUnit.MICROSECONDS.toNanos(3000L * Math.max(4, writers) / 4);
        List<Integer> limits = run(limit, cpuBound, 60);

        assertThat(limits.get(limits.size() - 1)).isLessThanOrEqualTo(12);
        assertThat(limits).allSatisfy(l -> assertThat(l).isBetween(2, 32));
    }

    @Test
    void failedAttemptsShrinkTheLimitButNotBelowTheMinimum() {
        WriterLimit limit = new WriterLimit(4, 32);
        run(limit, writers -> TimeUnit.MILLISECONDS.toNanos(120), 30);
        long now = 100 * SECOND;
        for (int s = 0; s < 60; s++, now += SECOND) {
            for (int i = 0; i < 20; i++) {
                limit.sample(now + i * (SECOND / 20), TimeUnit.MILLISECONDS.toNanos(5), limit.current(), true);
            }
        }

        assertThat(limit.current()).isEqualTo(4);
    }

    @Test
    void anIdleMarkerKeepsItsLimit() {
        WriterLimit limit = new WriterLimit(4, 32);
        long now = 0;
        // one writer busy at a time while 4 are allowed: the input, not S3, is the limit
        for (int s = 0; s < 30; s++, now += SECOND) {
            for (int i = 0; i < 20; i++) {
                limit.sample(now + i * (SECOND / 20), TimeUnit.MILLISECONDS.toNanos(5), 1, false);
            }
        }

        assertThat(limit.current()).isEqualTo(4);
    }

    @Test
    void theCountChangesReachTheListenersWithinTheBounds() {
        WriterLimit limit = new WriterLimit(4, 16);
        List<Integer> seen = new ArrayList<>();
        limit.onChange(seen::add);

        run(limit, writers -> TimeUnit.MILLISECONDS.toNanos(50), 20);

        assertThat(seen).isNotEmpty().allSatisfy(l -> assertThat(l).isBetween(4, 16));
        assertThat(seen.get(seen.size() - 1)).isEqualTo(limit.current()).isEqualTo(16);
    }

    @Test
    void aMinimumAboveTheMaximumIsAFixedCount() {
        WriterLimit limit = new WriterLimit(16, 8);
        run(limit, writers -> TimeUnit.MILLISECONDS.toNanos(120), 10);

        assertThat(limit.current()).isEqualTo(8);
    }
}
