package dev.cairn.marker.service;

import dev.cairn.marker.config.MarkerConfig;
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
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a call until it succeeds, pausing with exponential backoff between failures: a completion is never skipped
 * because S3 or Kafka is down. Counts each retry ({@code cairn.marker.retries{operation}}). Stops (throwing
 * {@link CancellationException}) only when the application shuts down, so the offset stays uncommitted.
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
        this.max = max;
        this.registry = registry;
    }

    /** {@code call}'s result once it returns without an exception; {@code operation} names it in logs and metrics. */
    public <T> T untilDone(String operation, String subject, Supplier<T> call) {
        counter(operation); // the series exists at 0 from the first call, so rate() and alerts see it before a retry
        Object token = new Object();
        try {
            return retry(operation, subject, call, token);
        } finally {
            failingSince.remove(token);
        }
    }

    /** When the longest-failing call still being retried first failed, with what; empty when none fails. */
    public Optional<Map.Entry<Instant, String>> oldestFailure() {
        return failingSince.values().stream().min(Map.Entry.comparingByKey());
    }

    private <T> T retry(String operation, String subject, Supplier<T> call, Object token) {
        long pauseMillis = Math.max(1, initial.toMillis());
        for (int attempt = 1; ; attempt++) {
            if (stopped) {
                throw new CancellationException("shutting down; " + operation + " " + subject + " left for redelivery");
            }
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (stopped) {
                    throw new CancellationException(
                            "shutting down; " + operation + " " + subject + " left for redelivery");
                }
                counter(operation).increment();
                failingSince.putIfAbsent(token, Map.entry(Instant.now(), operation + " " + subject + ": " + e));
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warnf(
                            "%s %s failed (attempt %d), retrying in %d ms: %s",
                            operation, subject, attempt, pauseMillis, e.toString());
                }
                pause(pauseMillis);
                pauseMillis = Math.min(max.toMillis(), pauseMillis * 2);
            }
        }
    }

    public void untilDone(String operation, String subject, Runnable call) {
        untilDone(operation, subject, () -> {
            call.run();
            return null;
        });
    }

    private Counter counter(String operation) {
        return counters.computeIfAbsent(
                operation,
                op -> Counter.builder("cairn.marker.retries")
                        .description("Failed S3 or Kafka calls that were retried")
                        .tag("operation", op)
                        .register(registry));
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting to retry");
        }
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
