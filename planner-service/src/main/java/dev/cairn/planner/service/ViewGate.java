package dev.cairn.planner.service;

import dev.cairn.planner.config.PlannerConfig;
import dev.cairn.planner.messaging.FreshTargets;
import dev.cairn.planner.messaging.ViewProgress;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.service.error.UnavailableException;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Lets a request read the view only when the view can answer: caught up with the end offsets seen at start, or, for
 * {@code fresh=true}, caught up with the offsets of {@code cairn.completions} that hold every event acknowledged before
 * the request ({@link FreshTargets}: the ledger's barrier), waiting at most {@code cairn.planner.fresh-timeout} in all.
 * Otherwise {@link UnavailableException} (503) with what is missing, never an answer from a half-loaded or stale view.
 */
@Singleton
public class ViewGate {

    private static final Logger LOG = Logger.getLogger(ViewGate.class);
    /** A fresh wait slower than this logs its two phases at INFO (else DEBUG). */
    private static final long SLOW_MS = 200;

    private final ViewProgress progress;
    private final CompletionView view;
    private final FreshTargets targets;
    private final PlannerConfig config;

    public ViewGate(ViewProgress progress, CompletionView view, FreshTargets targets, PlannerConfig config) {
        this.progress = progress;
        this.view = view;
        this.targets = targets;
        this.config = config;
    }

    public ViewStamp enter(boolean fresh) {
        if (fresh) {
            awaitFresh();
        } else if (!progress.caughtUp()) {
            Map<TopicPartition, Long> start = progress.startTargets();
            String where = start == null
                    ? "has not found " + config.topic() + " yet"
                    : "is still loading " + config.topic() + " (" + progress.behind(start) + " records to go)";
            throw unavailable(
                    "view_not_ready",
                    "the planner's view " + where
                            + (progress.failure() == null ? "" : "; last failure: " + progress.failure())
                            + "; retry when /q/health/ready is UP");
        }
        return new ViewStamp(view.asOf(), progress.lag());
    }

    private void awaitFresh() {
        long timeoutNanos = config.freshTimeout().toNanos();
        long deadline = System.nanoTime() + timeoutNanos;
        Map<TopicPartition, Long> start = progress.startTargets();
        if (start == null) {
            throw unavailable(
                    "not_fresh",
                    "the planner's view has not found " + config.topic() + " yet"
                            + (progress.failure() == null ? "" : " (" + progress.failure() + ")"));
        }
        Map<TopicPartition, Long> now;
        try {
            long begin = System.nanoTime();
            now = targets.offsets(start.keySet(), java.time.Duration.ofNanos(timeoutNanos));
            long barrier = System.nanoTime();
            boolean reached = progress.await(now, deadline - System.nanoTime());
            long end = System.nanoTime();
            LOG.logf(
                    (end - begin) / 1_000_000 > SLOW_MS ? Logger.Level.INFO : Logger.Level.DEBUG,
                    "fresh wait took %d ms: ledger barrier %d ms, view catch-up %d ms",
                    (end - begin) / 1_000_000,
                    (barrier - begin) / 1_000_000,
                    (end - barrier) / 1_000_000);
            if (!reached) {
                throw unavailable(
                        "not_fresh",
                        "the view did not reach the end offsets of " + config.topic()
                                + " that hold every acknowledged event within "
                                + config.freshTimeout().toMillis()
                                + " ms (" + progress.behind(now)
                                + " records behind); retry, or ask without fresh=true");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("not_fresh", "interrupted while waiting for the view");
        } catch (TimeoutException | ExecutionException e) {
            throw unavailable(
                    "not_fresh",
                    "could not read the end offsets of " + config.topic() + " within "
                            + config.freshTimeout().toMillis() + " ms: " + (e.getCause() == null ? e : e.getCause()));
        }
    }

    /** A 503 whose {@code Retry-After} is the time a fresh wait may take. */
    private UnavailableException unavailable(String code, String message) {
        return new UnavailableException(code, message, config.freshTimeout());
    }
}
