package dev.cairn.marker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.marker.service.MarkerFiles;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Per-table sync meters stay bounded: tables past the limit share {@code table="_other"} of their pipeline. */
class SyncMetricsTest {

    private static final MarkerFiles.Summary OK = new MarkerFiles.Summary(false, 12.5, 100, 2, null);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SyncMetrics metrics = new SyncMetrics(registry, 2);

    private Set<String> tableTags(String pipeline) {
        return registry.find("cairn.sync.duration").tag("pipeline", pipeline).timers().stream()
                .map(t -> t.getId().getTag("table"))
                .collect(Collectors.toSet());
    }

    private long count(String pipeline, String table) {
        Timer t = registry.find("cairn.sync.duration")
                .tags("pipeline", pipeline, "table", table)
                .timer();
        return t == null ? 0 : t.count();
    }

    @Test
    void tablesPastTheLimitAreRecordedUnderOther() {
        for (int i = 0; i < 1_000; i++) {
            metrics.record("sync", "table_" + i, OK);
        }

        assertThat(tableTags("sync")).containsExactlyInAnyOrder("table_0", "table_1", SyncMetrics.OTHER);
        assertThat(count("sync", SyncMetrics.OTHER)).isEqualTo(998);
        assertThat(registry.find("cairn.rows.processed")
                        .tags("table", SyncMetrics.OTHER)
                        .counter()
                        .count())
                .isEqualTo(99_800.0);
    }

    @Test
    void aTableWithItsOwnSeriesKeepsThemAfterTheLimitIsReached() {
        metrics.record("sync", "orders", OK);
        metrics.record("sync", "users", OK);
        metrics.record("sync", "events", OK);
        metrics.record("sync", "orders", OK);

        assertThat(count("sync", "orders")).isEqualTo(2);
        assertThat(count("sync", "events")).isZero();
        assertThat(count("sync", SyncMetrics.OTHER)).isEqualTo(1);
    }

    @Test
    void theLimitCountsPipelineAndTableTogether() {
        metrics.record("a", "t", OK);
        metrics.record("b", "t", OK);
        metrics.record("c", "t", OK);

        assertThat(tableTags("a")).containsExactly("t");
        assertThat(tableTags("b")).containsExactly("t");
        assertThat(tableTags("c")).containsExactly(SyncMetrics.OTHER);
    }
}
