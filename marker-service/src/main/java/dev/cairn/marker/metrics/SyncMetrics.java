package dev.cairn.marker.metrics;

import dev.cairn.marker.service.MarkerFiles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Per-pipeline sync meters, the markers document's CloudWatch example in Prometheus form with base units:
 * {@code cairn_sync_duration_seconds{pipeline,table}} (histogram), {@code cairn_sync_success_total},
 * {@code cairn_sync_failure_total} and {@code cairn_rows_processed_total}, all tagged {@code pipeline} and
 * {@code table} (the project). Recorded once per marker folder written (again on a redelivery, like
 * {@code cairn_markers_written_total}).
 */
@ApplicationScoped
public class SyncMetrics {

    private final MeterRegistry registry;

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An execution of {@code table} in {@code pipeline} ended as {@code summary} says. */
    public void record(String pipeline, String table, MarkerFiles.Summary summary) {
        Timer.builder("cairn.sync.duration")
                .description("Duration of the executions that got a marker folder (success or failure)")
                .tags("pipeline", pipeline, "table", table)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofHours(24))
                .register(registry)
                .record(Duration.ofNanos(Math.max(0, Math.round(summary.durationSeconds() * 1e9))));
        Counter.builder(summary.failed() ? "cairn.sync.failure" : "cairn.sync.success")
                .description(
                        summary.failed() ? "Executions with a failure marker" : "Executions with a completion marker")
                .tags("pipeline", pipeline, "table", table)
                .register(registry)
                .increment();
        Counter.builder("cairn.rows.processed")
                .description("metrics.rows_processed of the executions that got a marker folder")
                .tags("pipeline", pipeline, "table", table)
                .register(registry)
                .increment(summary.rows());
    }
}
