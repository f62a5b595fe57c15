package dev.cairn.marker.service;

import dev.cairn.marker.config.MarkerConfig;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The marker service's one retry policy (Failsafe, {@code cairn.marker.retry.*}): a call that fails in a way that
 * passes is retried with exponential backoff and no limit on attempts, so a completion is never skipped because S3 or
 * Kafka is down. A failure that never passes ({@link S3Failures}) is thrown at once. Counts each retry
 * ({@code cairn.marker.retries{operation}}). Stops (throwing {@link CancellationException}) only when the application
 * shuts down, so the offset stays uncommitted.
 */
@ApplicationScoped
public class Retrier {

    private static final Logger LOG = Logger.getLogger(Retrier.class);

    private final Duration initial;
    private final Duration max;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Object, Map.Entry<Instant, String>> failingSince = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    @Inject
    public Retrier(MarkerConfig config, MeterRegistry registry) {
        this(config.retry().initialBackoff(), config.retry().maxBackoff(), registry);
    }

    public Retrier(Duration initial, Duration max, MeterRegistry registry) {
        this.initial = initial;
        this.max = max.compareTo(initial) > 0 ? max : initial.plusMillis(1);
        this.registry = registry;
    }

    /** An S3 call until it succeeds; a permanent S3 failure is thrown as is. */
    public <T> T untilDone(String operation, String subject, Supplier<T> call) {
        return untilDone(operation, subject, call, S3Failures::isTransient);
    }

    public void untilDone(String operation, String subject, Runnable call) {
        untilDone(operation, subject, () -> {
            call.run();
            return null;
        });
    }

    /** {@code call}'s result once it returns; failures that {@code retryable} accepts are retried. */
    public <T> T untilDone(String operation, String subject, Supplier<T> call, Predicate<Throwable> retryable) {
        counter(operation); // the series exists at 0 from the first call, so rate() and alerts see it before a retry
        Object token = new Object();
        RetryPolicy<T> policy = RetryPolicy.<T>builder()
                .handleIf(e -> !stopped && retryable.test(e))
                .withBackoff(initial, max)
                .withMaxRetries(-1)
                .onRetry(e -> {
                    Throwable failure = e.getLastException();
                    counter(operation).increment();
                    failingSince.putIfAbsent(
                            token, Map.entry(Instant.now(), operation + " " + subject + ": " + failure));
                    if (e.getAttemptCount() == 1 || e.getAttemptCount() % 10 == 0) {
                        LOG.warnf(
                                "%s %s failed (attempt %d), retrying: %s",
                                operation, subject, e.getAttemptCount(), failure);
                    }
                })
                .build();
        try {
            return Failsafe.with(policy).get(call::get);
        } catch (FailsafeException e) {
            // only an interrupt gets here (the call itself throws unchecked exceptions, which Failsafe rethrows)
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting to retry " + operation + " " + subject);
        } catch (RuntimeException e) {
            if (stopped) {
                throw new CancellationException("shutting down; " + operation + " " + subject + " left for redelivery");
            }
            throw e;
        } finally {
            failingSince.remove(token);
        }
    }

    /** When the longest-failing call still being retried first failed, with what; empty when none fails. */
    public Optional<Map.Entry<Instant, String>> oldestFailure() {
        return failingSince.values().stream().min(Map.Entry.comparingByKey());
    }

    private Counter counter(String operation) {
        return counters.computeIfAbsent(
                operation,
                op -> Counter.builder("cairn.marker.retries")
                        .description("Failed S3 or Kafka calls that were retried")
                        .tag("operation", op)
                        .register(registry));
    }

    /** At the start of shutdown: waiting calls give up (their records stay uncommitted and are redelivered). */
    void onShutdown(@Observes ShutdownEvent event) {
        stopped = true;
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }
}
