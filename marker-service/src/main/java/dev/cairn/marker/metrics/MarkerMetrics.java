package dev.cairn.marker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The marker service's meters (on {@code /q/metrics}): write latency, folders written per pipeline, unusable
 * records. The retries are counted by {@code Retrier} itself ({@code cairn.marker.retries{operation}}).
 */
@ApplicationScoped
public class MarkerMetrics {

    private final MeterRegistry registry;
    private final Timer latency;
    private final Counter rejected;
    private final Map<String, Counter> written = new ConcurrentHashMap<>();

    public MarkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("cairn.marker.write.latency")
                .description("From the completion's recorded_at to its completion_marker.txt being written")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.rejected = Counter.builder("cairn.marker.rejected")
                .description("cairn.completions records that are no usable CompletionRecorded")
                .register(registry);
    }

    /** A folder completed {@code sinceRecorded} after its completion was recorded. */
    public void written(String pipeline, Duration sinceRecorded) {
        if (sinceRecorded != null) {
            latency.record(sinceRecorded);
        }
        written.computeIfAbsent(
                        pipeline,
                        p -> Counter.builder("cairn.markers.written")
                                .description("Marker folders completed (including redeliveries)")
                                .tag("pipeline", p)
                                .register(registry))
                .increment();
    }

    /** A record of {@code cairn.completions} that could not be used. */
    public void rejected() {
        rejected.increment();
    }
}
