package dev.cairn.ledger.messaging;

import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.metrics.LedgerMetrics;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The ledger's one way to retry (Failsafe, configured by {@code cairn.ledger.retry.*}): exponential backoff, no
 * limit on attempts, stops only when the application shuts down (the work is then redelivered). Every operation that
 * is being retried is listed with its first failure, so that readiness can say what is failing and why.
 */
@ApplicationScoped
public class Retries {

    private static final Logger LOG = Logger.getLogger(Retries.class);

    /** An operation that has failed and is being retried. */
    public record Failing(String what, Instant since, int attempts, String cause) {}

    private final LedgerConfig.Retry config;
    private final LedgerMetrics metrics;
    private final Map<Long, Failing> failing = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean stopping;

    Retries(LedgerConfig config, LedgerMetrics metrics) {
        this.config = config.retry();
        this.metrics = metrics;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /**
     * Runs {@code work} until it succeeds, retrying every failure that {@code retryable} accepts. A failure it refuses
     * is thrown as is (unchecked) or wrapped in {@link FailsafeException}; so is the last one once shutting down.
     */
    public <T> T untilDone(String what, CheckedSupplier<T> work, Predicate<Throwable> retryable) {
        long id = ids.incrementAndGet();
        Instant start = Instant.now();
        RetryPolicy<T> policy = RetryPolicy.<T>builder()
                .handleIf(retryable::test)
                .withBackoff(config.initialDelay(), maxDelay())
                .withMaxRetries(-1)
                .abortIf((result, failure) -> stopping && failure != null)
                .onRetry(e -> {
                    metrics.retry();
                    String cause = Failures.describe(e.getLastException());
                    failing.put(id, new Failing(what, start, e.getAttemptCount(), cause));
                    LOG.warnf("%s failed (attempt %d), retrying: %s", what, e.getAttemptCount(), cause);
                })
                .build();
        try {
            return Failsafe.with(policy).get(work);
        } finally {
            if (failing.remove(id) != null) {
                LOG.infof("%s succeeded or stopped after %s", what, Duration.between(start, Instant.now()));
            }
        }
    }

    /** The operations failing for at least {@code unready-after}, longest-failing first. */
    public List<Failing> stuck() {
        Instant limit = Instant.now().minus(config.unreadyAfter());
        return failing.values().stream()
                .filter(f -> !f.since().isAfter(limit))
                .sorted(Comparator.comparing(Failing::since))
                .toList();
    }

    private Duration maxDelay() {
        return config.maxDelay().compareTo(config.initialDelay()) > 0
                ? config.maxDelay()
                : config.initialDelay().plusMillis(1);
    }

    /** The failure behind a Failsafe wrapper. */
    static Throwable unwrap(Throwable t) {
        return t instanceof FailsafeException && t.getCause() != null ? t.getCause() : t;
    }
}
