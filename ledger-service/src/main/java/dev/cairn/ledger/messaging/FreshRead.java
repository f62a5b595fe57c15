package dev.cairn.ledger.messaging;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * One read (of offsets) shared by concurrent callers, each of whom needs a result read <em>after</em> it asked: at most
 * one read runs at a time; a caller that arrives while one runs waits for the next, which starts when the running one
 * ends and serves every caller that arrived meanwhile (group-commit style). So N concurrent freshness barriers cost
 * about one admin request in flight instead of N, and none of them gets an answer older than its own call.
 *
 * <p>Hand-written: no library found that coalesces calls with the "started after the caller arrived" rule (caches
 * such as Caffeine share a load that may have started before).
 */
final class FreshRead<T> {

    /** The read itself; {@code timeout} is the time left to the caller that runs it. */
    interface Read<T> {
        T read(Duration timeout) throws InterruptedException, TimeoutException, ExecutionException;
    }

    private final Read<T> read;
    private boolean running;
    private long started; // reads started so far (the generation of the running or last read)
    private long finished; // the generation of the last read that ended
    private T result;
    private Exception failure;
    private int waiting; // callers waiting for a read that another caller runs

    FreshRead(Read<T> read) {
        this.read = read;
    }

    /** A result read after this call began, waiting at most {@code timeout}. */
    T get(Duration timeout) throws InterruptedException, TimeoutException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long need;
        synchronized (this) {
            need = started + 1; // a read running now began before this call: the next one is needed
        }
        while (true) {
            long generation;
            synchronized (this) {
                waiting++;
                try {
                    while (finished < need && running) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            throw new TimeoutException("no offsets read within " + timeout.toMillis() + " ms");
                        }
                        wait(Math.max(1, left / 1_000_000));
                    }
                } finally {
                    waiting--;
                }
                if (finished >= need) {
                    return outcome();
                }
                running = true;
                generation = ++started;
            }
            runRead(generation, deadline);
        }
    }

    /** Callers waiting now for a read another caller runs. */
    synchronized int waiting() {
        return waiting;
    }

    /** Runs read {@code generation} outside the lock, then hands its outcome to every caller waiting for it. */
    private void runRead(long generation, long deadline) throws InterruptedException {
        T value = null;
        Exception error = null;
        try {
            value = read.read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            synchronized (this) {
                running = false; // not an outcome: a waiter starts the next read
                notifyAll();
            }
            throw e;
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            error = e;
        }
        synchronized (this) {
            running = false;
            finished = generation;
            result = value;
            failure = error;
            notifyAll();
        }
    }

    private T outcome() throws TimeoutException, ExecutionException {
        if (failure == null) {
            return result;
        }
        if (failure instanceof TimeoutException e) {
            throw e;
        }
        if (failure instanceof ExecutionException e) {
            throw e;
        }
        throw new ExecutionException(failure);
    }
}
