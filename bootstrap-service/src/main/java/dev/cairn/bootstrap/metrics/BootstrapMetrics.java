package dev.cairn.bootstrap.metrics;

import dev.cairn.bootstrap.messaging.EventFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** The bootstrap service's counters (on {@code /q/metrics}): events acknowledged per source, S3 retries. */
@ApplicationScoped
public class BootstrapMetrics {

    private final Map<String, Counter> emitted;
    private final Counter s3Retries;

    public BootstrapMetrics(MeterRegistry registry) {
        this.emitted = Map.of(
                EventFactory.SOURCE_SCAN, emittedCounter(registry, EventFactory.SOURCE_SCAN),
                EventFactory.SOURCE_LOG, emittedCounter(registry, EventFactory.SOURCE_LOG));
        this.s3Retries = Counter.builder("cairn.bootstrap.s3.retries")
                .description("S3 calls of scans retried after a transient error")
                .register(registry);
    }

    private static Counter emittedCounter(MeterRegistry registry, String source) {
        return Counter.builder("cairn.bootstrap.events.emitted")
                .description("Stage events acknowledged by Kafka")
                .tag("source", source)
                .register(registry);
    }

    /** {@code n} stage events of {@code source} ({@link EventFactory#SOURCE_SCAN}, {@link EventFactory#SOURCE_LOG}). */
    public void eventsEmitted(String source, int n) {
        emitted.get(source).increment(n);
    }

    /** An S3 call of a scan failed with a transient error and will be tried again. */
    public void s3Retried() {
        s3Retries.increment();
    }
}
