package dev.cairn.ledger.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link FreshRead}: callers share reads, but never one that started before their call (the freshness barrier's
 * correctness rests on it), and at most one read runs at a time.
 */
class FreshReadTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A read that returns its generation (1, 2, ...) once released, counting how many run at once. */
    static final class Gated {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final Semaphore release = new Semaphore(0);

        int read(Duration timeout) throws InterruptedException {
            int generation = started.incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            release.acquire();
            running.decrementAndGet();
            return generation;
        }
    }

    @Test
    void aCallerArrivingDuringAReadGetsTheNextOneWhichServesEveryoneWhoArrivedMeanwhile() throws Exception {
        Gated gated = new Gated();
        FreshRead<Integer> shared = new FreshRead<>(gated::read);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> get(shared));
        await().atMost(WAIT).until(() -> gated.started.get() == 1);
        // three callers arrive while read 1 runs: read 1 began before them, so none may get its result
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> get(shared));
        CompletableFuture<Integer> third = CompletableFuture.supplyAsync(() -> get(shared));
        CompletableFuture<Integer> fourth = CompletableFuture.supplyAsync(() -> get(shared));
        await().atMost(WAIT).until(() -> shared.waiting() == 3);
        gated.release.release();
        assertThat(first.get()).isEqualTo(1);
        await().atMost(WAIT).until(() -> gated.started.get() == 2);
        gated.release.release();
        assertThat(second.get()).isEqualTo(2);
        assertThat(third.get()).isEqualTo(2);
        assertThat(fourth.get()).isEqualTo(2);
        assertThat(gated.started.get()).as("reads for four callers").isEqualTo(2);
        assertThat(gated.mostAtOnce.get()).as("reads at once").isEqualTo(1);
    }

    @Test
    void aCallerAfterAFinishedReadGetsANewRead() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        FreshRead<Integer> shared = new FreshRead<>(timeout -> reads.incrementAndGet());
        assertThat(shared.get(WAIT)).isEqualTo(1);
        assertThat(shared.get(WAIT)).isEqualTo(2);
    }

    @Test
    void aFailedReadFailsTheCallersItServedAndTheNextCallerReadsAgain() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        FreshRead<Integer> shared = new FreshRead<>(timeout -> {
            if (reads.incrementAndGet() == 1) {
                throw new ExecutionException(new IllegalStateException("broker down"));
            }
            return reads.get();
        });
        assertThatThrownBy(() -> shared.get(WAIT))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("broker down");
        assertThat(shared.get(WAIT)).isEqualTo(2);
    }

    private static int get(FreshRead<Integer> shared) {
        try {
            return shared.get(WAIT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
