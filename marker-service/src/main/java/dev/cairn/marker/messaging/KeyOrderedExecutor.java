package dev.cairn.marker.messaging;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Runs the tasks of one key one after the other, in the order they were submitted, and tasks of different keys
 * concurrently on a fixed pool of threads. At most {@code maxQueued} tasks are queued or running: {@link #submit}
 * answers when its task was admitted, which the caller uses as back-pressure on its input.
 *
 * <p>This replaces SmallRye's key-ordered processing ({@code ordered=key}) for the marker's input: that one keeps a
 * group per key that is cancelled on a partition's revocation and when its count of pending records reaches zero, and
 * one loaded run of a 90-second broker outage with it left completions unprocessed behind a committed offset and then
 * stopped dispatching. Here nothing is cancelled: a task submitted runs, whatever happens to the partition, and a
 * record processed twice (redelivered after a rebalance) is handled by the writer's idempotency.
 */
final class KeyOrderedExecutor implements AutoCloseable {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ExecutorService pool;
    private final int maxQueued;
    /** The last task of each key that is queued or running; guarded by {@code this}. */
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
    /** Submissions waiting for a free place; guarded by {@code this}. */
    private final Queue<CompletableFuture<Void>> waiting = new ArrayDeque<>();

    private int queued;

    KeyOrderedExecutor(String threadName, int threads, int maxQueued) {
        if (threads < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("threads and maxQueued must be at least 1");
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
        this.maxQueued = maxQueued;
    }

    /**
     * Queues {@code task} behind the earlier tasks of {@code key}; the answer completes once the task has a place
     * (at once unless {@code maxQueued} tasks are queued or running). {@code done} gets the task's outcome.
     */
    CompletionStage<Void> submit(String key, Runnable task, BiConsumer<Void, Throwable> done) {
        CompletableFuture<Void> admitted = new CompletableFuture<>();
        synchronized (this) {
            if (queued < maxQueued) {
                queued++;
                admitted.complete(null);
            } else {
                waiting.add(admitted);
            }
        }
        return admitted.thenRun(() -> chain(key, task, done));
    }

    /**
     * Runs {@code task} once the previous task of {@code key} has run and its outcome has been reported, then reports
     * its own: the outcomes of one key reach {@code done} in submission order too (the next task used to start when
     * the previous one ended, so its outcome could be reported first).
     */
    private void chain(String key, Runnable task, BiConsumer<Void, Throwable> done) {
        CompletableFuture<Void> reported = new CompletableFuture<>();
        CompletableFuture<Void> ran;
        synchronized (this) {
            CompletableFuture<Void> previous = tails.getOrDefault(key, DONE);
            // a failed task does not hold back the ones behind it: each reports its own outcome through done
            ran = previous.handle((v, e) -> null).thenRunAsync(task, pool);
            tails.put(key, reported);
        }
        ran.whenComplete((v, e) -> {
            try {
                done.accept(v, e);
            } finally {
                release(key, reported);
                reported.complete(null);
            }
        });
    }

    private void release(String key, CompletableFuture<Void> finished) {
        CompletableFuture<Void> admit;
        synchronized (this) {
            tails.remove(key, finished);
            admit = waiting.poll();
            if (admit == null) {
                queued--;
            }
        }
        if (admit != null) {
            admit.complete(null); // its place is the one just freed
        }
    }

    /** Tasks queued or running now. */
    synchronized int queued() {
        return queued;
    }

    /** Interrupts the running tasks (the marker's retries then give up) and waits a little for the threads. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
