package dev.cairn.bootstrap.scan;

import dev.cairn.bootstrap.config.BootstrapConfig;
import dev.cairn.bootstrap.store.ScanLocks;
import dev.cairn.bootstrap.store.ScanRecord;
import dev.cairn.bootstrap.store.ScanStore;
import dev.cairn.service.postgres.AdvisoryLock;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Takes up queued and interrupted scans (at start-up, every poll interval, and right after a scan is created), at
 * most {@code cairn.bootstrap.max-concurrent-scans} at once, each under its advisory lock; notices cancellations made
 * on any instance. On shutdown the running scans stop between two calls and keep their state, to resume later.
 */
@ApplicationScoped
public class ScanWorker {

    private static final Logger LOG = Logger.getLogger(ScanWorker.class);

    private final ScanStore scans;
    private final ScanLocks locks;
    private final ScanRunner runner;
    private final int maxScans;
    private final ExecutorService threads;
    private final Map<UUID, Flags> running = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;

    /** A running scan: its lock, and whether it should stop. */
    static final class Flags {
        final AdvisoryLock lock;
        volatile boolean cancelled;

        Flags(AdvisoryLock lock) {
            this.lock = lock;
        }
    }

    ScanWorker(ScanStore scans, ScanLocks locks, ScanRunner runner, BootstrapConfig config) {
        this.scans = scans;
        this.locks = locks;
        this.runner = runner;
        this.maxScans = config.maxConcurrentScans();
        this.threads = Executors.newFixedThreadPool(maxScans, r -> {
            Thread t = new Thread(r, "bootstrap-scan");
            t.setDaemon(true);
            return t;
        });
    }

    @Scheduled(every = "${cairn.bootstrap.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            pollNow();
        } catch (RuntimeException e) {
            LOG.warnf("scan poll failed (retried at the next poll): %s", e.getMessage());
        }
    }

    /** Starts work on new scans now rather than at the next poll. */
    public void wake() {
        threads.execute(this::poll);
    }

    /** A scan was cancelled through this instance: stop it at once if it runs here. */
    public void cancelled(UUID id) {
        Flags flags = running.get(id);
        if (flags != null) {
            flags.cancelled = true;
        }
    }

    synchronized void pollNow() {
        if (shuttingDown) {
            return;
        }
        running.forEach((id, flags) -> {
            if (!flags.lock.isValid()) {
                LOG.warnf(
                        "scan %s lost its lock (database session gone); it stops here and resumes under a new lock",
                        id);
                flags.cancelled = true;
                return;
            }
            Optional<ScanRecord> scan = scans.find(id);
            if (scan.isEmpty() || !scan.get().active()) {
                flags.cancelled = true;
            }
        });
        int free = maxScans - running.size();
        if (free <= 0) {
            return;
        }
        for (UUID id : scans.active(100)) {
            if (free == 0) {
                return;
            }
            if (running.containsKey(id)) {
                continue;
            }
            Optional<AdvisoryLock> lock = locks.tryLock(id);
            if (lock.isEmpty()) {
                continue;
            }
            Flags flags = new Flags(lock.get());
            running.put(id, flags);
            free--;
            threads.execute(() -> {
                try (AdvisoryLock held = lock.get()) {
                    runner.run(id, () -> flags.cancelled || shuttingDown);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "scan %s stopped unexpectedly", id);
                } finally {
                    running.remove(id);
                }
            });
        }
    }

    @PreDestroy
    void stop() {
        shuttingDown = true;
        threads.shutdown();
        try {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
