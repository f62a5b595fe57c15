package dev.cairn.bootstrap.s3;

import dev.cairn.bootstrap.config.BootstrapConfig;
import dev.cairn.bootstrap.store.ScanStopped;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool every ListObjectsV2 call of every scan on this instance runs on ({@code cairn.bootstrap.list-concurrency}
 * threads), so parallel folder listings never exceed what S3 and the HTTP connection pool are sized for.
 */
@ApplicationScoped
public class ListingPool {

    private final ExecutorService pool;

    ListingPool(BootstrapConfig config) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "bootstrap-list-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(config.listConcurrency(), threads);
    }

    public <T> Future<T> submit(Callable<T> task) {
        return pool.submit(task);
    }

    /** The task's result; its failure rethrown as it was (unchecked); interruption as a shutdown stop. */
    public static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScanStopped(ScanStopped.Why.SHUTDOWN, "interrupted while listing");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Cancels what has not finished (after a failure, the rest of a page is not needed). */
    public static void cancelAll(List<? extends Future<?>> futures) {
        futures.forEach(f -> f.cancel(true));
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
