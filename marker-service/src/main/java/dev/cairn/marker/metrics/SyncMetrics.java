package dev.cairn.marker.metrics;

import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.marker.service.MarkerFiles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-pipeline sync meters, the markers document's CloudWatch example in Prometheus form with base units:
 * {@code cairn_sync_duration_seconds{pipeline,table}} (histogram), {@code cairn_sync_success_total},
 * {@code cairn_sync_failure_total} and {@code cairn_rows_processed_total}, all tagged {@code pipeline} and
 * {@code table} (the project). Recorded once per marker folder written (again on a redelivery, like
 * {@code cairn_markers_written_total}).
 *
 * <p>A meter lives as long as the registry, and a table's histogram is about 70 series: one per project of a large
 * fleet would grow without bound (a 20,000-project burst put 2.4 million samples in the registry and the scrape ran
 * the heap out). So the first {@code cairn.marker.sync-metrics-max-tables} (pipeline, table) pairs seen get series
 * of their own and every later one is recorded under {@code table="_other"} of its pipeline.
 */
@ApplicationScoped
public class SyncMetrics {

    /** The {@code table} tag of the tables past the limit. */
    public static final String OTHER = "_other";

    private final MeterRegistry registry;
    private final int maxTables;
    private final Set<String> tables = ConcurrentHashMap.newKeySet();

    @Inject
    public SyncMetrics(MeterRegistry registry, MarkerConfig config) {
        this(registry, config.syncMetricsMaxTables());
    }

    SyncMetrics(MeterRegistry registry, int maxTables) {
        this.registry = registry;
        this.maxTables = maxTables;
    }

    /** An execution of {@code table} in {@code pipeline} ended as {@code summary} says. */
    public void record(String pipeline, String project, MarkerFiles.Summary summary) {
        String table = tagFor(pipeline, project);
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

    /** {@code project} while its series fit under the limit (or it already has them), else {@link #OTHER}. */
    private String tagFor(String pipeline, String project) {
        String key = pipeline + '\u0000' + project;
        if (tables.contains(key)) {
            return project;
        }
        synchronized (tables) {
            if (tables.contains(key) || tables.size() < maxTables) {
                tables.add(key);
                return project;
            }
        }
        return OTHER;
    }
}
