package dev.cairn.ledger.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * When the relay's look at the outbox lets a freshness barrier go: only a look begun after the barrier's step began
 * (so that it saw every row committed before) and that found no row up to the barrier's highest id.
 */
class OutboxRelayCheckTest {

    @ParameterizedTest(name = "look began at {0}, lowest id left {1}: clears ids up to 100 since 50: {2}")
    @CsvSource({
        "50, 101, true", // begun at the barrier's own start, nothing up to 100 left
        "60, 9223372036854775807, true", // the outbox was empty
        "49, 101, false", // begun before the barrier: a row committed meanwhile may not be seen
        "49, 9223372036854775807, false",
        "60, 100, false", // row 100 is not on the topic yet
        "60, 1, false",
    })
    void aLookClearsTheBarrierOnlyIfItBeganAfterItAndSawNothingUpToItsHighWater(
            long began, long firstLeft, boolean clears) {
        assertThat(new OutboxRelay.Check(1, began, firstLeft).clearsUpTo(100, 50))
                .isEqualTo(clears);
    }

    @ParameterizedTest(name = "nanoTime wraps: look at {0} vs barrier at {1}")
    @CsvSource({"-9223372036854775800, 9223372036854775800, true", "9223372036854775800, -9223372036854775800, false"})
    void theTimesAreComparedAsNanoTimeDifferences(long began, long since, boolean clears) {
        assertThat(new OutboxRelay.Check(1, began, Long.MAX_VALUE).clearsUpTo(100, since))
                .isEqualTo(clears);
    }
}
