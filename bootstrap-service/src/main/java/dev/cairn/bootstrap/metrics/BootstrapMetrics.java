package dev.cairn.bootstrap.metrics;

import dev.cairn.bootstrap.messaging.EventFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bootstrap service's meters (on {@code /q/metrics}): events acknowledged per source, S3 retries, and the scans'
 * progress on this instance (objects listed, scans running, scans ended by state).
 */
@ApplicationScoped
public class BootstrapMetrics {

    /** The end states of a scan counted by {@code cairn.bootstrap.scans.ended}. */
    public static final String COMPLETED = "completed";

    public static final String FAILED = "failed";

    private final Map<String, Counter> emitted;
    private final Counter s3Retries;
    private final Counter objectsListed;
    private final Map<String, Counter> scansEnded;
    private final AtomicInteger running = new AtomicInteger();

    public BootstrapMetrics(MeterRegistry registry) {
        this.emitted = Map.of(
                EventFactory.SOURCE_SCAN, emittedCounter(registry, EventFactory.SOURCE_SCAN),
                EventFactory.SOURCE_LOG, emittedCounter(registry, EventFactory.SOURCE_LOG));
        this.s3Retries = Counter.builder("cairn.bootstrap.s3.retries")
                .description("S3 calls of scans retried after a transient error")
                .register(registry);
        this.objectsListed = Counter.builder("cairn.bootstrap.scan.objects.listed")
                .description("S3 objects listed by the scans of this instance")
                .register(registry);
        this.scansEnded = Map.of(
                COMPLETED, endedCounter(registry, COMPLETED),
                FAILED, endedCounter(registry, FAILED));
        Gauge.builder("cairn.bootstrap.scans.running", running, AtomicInteger::get)
                .description("scans running on this instance")
                .register(registry);
    }

    private static Counter emittedCounter(MeterRegistry registry, String source) {
        return Counter.builder("cairn.bootstrap.events.emitted")
                .description("Stage events acknowledged by Kafka")
                .tag("source", source)
                .register(registry);
    }

    private static Counter endedCounter(MeterRegistry registry, String state) {
        return Counter.builder("cairn.bootstrap.scans.ended")
                .description("scans run on this instance that ended, by end state")
                .tag("state", state)
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

    /** A listing page of {@code n} objects (and common prefixes) came back. */
    public void objectsListed(int n) {
        objectsListed.increment(n);
    }

    /** A scan starts (or resumes) on this instance; {@link #scanLeft} follows in a finally block. */
    public void scanStarted() {
        running.incrementAndGet();
    }

    /** A scan stopped running here: ended in {@code state} ({@link #COMPLETED}, {@link #FAILED}) or null (paused). */
    public void scanLeft(String state) {
        running.decrementAndGet();
        if (state != null) {
            scansEnded.get(state).increment();
        }
    }
}
