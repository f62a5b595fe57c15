package dev.cairn.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The recovery figures: each part counts from the end of the fault, not from the moment the part before it held. */
class RecoveryProbeTest {

    /** A condition that holds from {@code at} on; each evaluation takes {@code cost}, like a call that waits. */
    private static BooleanSupplier holdsFrom(Instant at, Duration cost) {
        return () -> {
            Instant asked = Instant.now();
            try {
                Thread.sleep(cost.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !asked.isBefore(at);
        };
    }

    /** Seconds until each of two conditions held: the first from {@code aMillis}, the second from {@code bMillis}. */
    private static double[] measure(Duration timeout, long aMillis, long bMillis, Duration bCost) {
        Instant ended = Instant.now();
        return RecoveryProbe.sinceEach(
                ended,
                timeout,
                holdsFrom(ended.plusMillis(aMillis), Duration.ZERO),
                holdsFrom(ended.plusMillis(bMillis), bCost));
    }

    @Test
    void aLateFirstPartDoesNotDelayTheSecond() {
        // a marker that appears after 5 s; a fresh plan that holds after 0.2 s and takes 0.5 s to answer
        double[] s = measure(Duration.ofSeconds(60), 5000, 200, Duration.ofMillis(500));

        assertThat(s[0]).isGreaterThanOrEqualTo(5.0);
        // counted after the marker it would be at least 5 s + one answer of 0.5 s
        assertThat(s[1]).isGreaterThanOrEqualTo(0.7).isLessThan(s[0]);
    }

    @Test
    void aConditionThatNeverHoldsIsMinusOne() {
        double[] s = measure(Duration.ofSeconds(2), 0, 3_600_000, Duration.ZERO);

        assertThat(s[0]).isBetween(0.0, 1.0);
        assertThat(s[1]).isEqualTo(-1.0);
    }
}
