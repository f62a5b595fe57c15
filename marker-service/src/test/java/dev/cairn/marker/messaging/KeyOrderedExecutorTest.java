package dev.cairn.marker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyOrderedExecutorTest {

    @Test
    void tasksOfOneKeyRunInSubmissionOrderAndKeysRunConcurrently() throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(400);
        try (KeyOrderedExecutor executor = new KeyOrderedExecutor("test", 8, 64)) {
            for (int i = 0; i < 400; i++) {
                String key = "k" + (i % 10);
                int n = i;
                executor.submit(
                                key,
                                () -> {
                                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                                    sleepMicros(ThreadLocalRandom.current().nextInt(200, 2_000));
                                    seen.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
                                            .add(n);
                                    running.decrementAndGet();
                                },
                                (v, e) -> finished.countDown())
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            }
            assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen).hasSize(10);
        seen.forEach((key, order) -> {
            List<Integer> sorted = new ArrayList<>(order);
            Collections.sort(sorted);
            assertThat(order).as(key).hasSize(40).isEqualTo(sorted);
        });
        assertThat(mostAtOnce.get()).as("tasks of different keys at once").isGreaterThan(1);
    }

    @Test
    void aSubmissionWaitsForAPlaceOnceMaxQueuedTasksAreQueuedOrRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (KeyOrderedExecutor executor = new KeyOrderedExecutor("test", 1, 2)) {
            Runnable blocked = () -> waitFor(release);
            CompletableFuture<Void> first =
                    executor.submit("a", blocked, (v, e) -> {}).toCompletableFuture();
            CompletableFuture<Void> second =
                    executor.submit("b", blocked, (v, e) -> {}).toCompletableFuture();
            CompletableFuture<Void> third =
                    executor.submit("c", () -> {}, (v, e) -> {}).toCompletableFuture();
            assertThat(first).isCompleted();
            assertThat(second).isCompleted();
            // not admitted while two tasks hold both places, for as long as they hold them
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !third.isDone());
            assertThat(executor.queued()).isEqualTo(2);
            release.countDown();
            third.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailedTaskReportsItsFailureAndDoesNotHoldBackTheNextOfItsKey() throws Exception {
        List<String> outcomes = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        try (KeyOrderedExecutor executor = new KeyOrderedExecutor("test", 2, 8)) {
            executor.submit(
                    "k",
                    () -> {
                        throw new IllegalStateException("boom");
                    },
                    (v, e) -> {
                        outcomes.add(
                                e == null ? "ok" : "failed: " + e.getCause().getMessage());
                        both.countDown();
                    });
            executor.submit("k", () -> {}, (v, e) -> {
                outcomes.add(e == null ? "ok" : "failed");
                both.countDown();
            });
            assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(outcomes).containsExactly("failed: boom", "ok");
    }

    @Test
    void theNextTaskOfAKeyWaitsUntilThePreviousOutcomeIsReported() throws Exception {
        List<String> outcomes = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        CountDownLatch secondRan = new CountDownLatch(1);
        try (KeyOrderedExecutor executor = new KeyOrderedExecutor("test", 2, 8)) {
            executor.submit("k", () -> {}, (v, e) -> {
                // the first report waits to see whether the second task runs meanwhile: it must not
                try {
                    secondRan.await(300, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                outcomes.add("first reported");
                both.countDown();
            });
            executor.submit(
                    "k",
                    () -> {
                        outcomes.add("second ran");
                        secondRan.countDown();
                    },
                    (v, e) -> both.countDown());
            assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(outcomes).containsExactly("first reported", "second ran");
    }

    private static void sleepMicros(int micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
