package dev.cairn.marker.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The three files, checked against the markers document's own example (settlement.settle_orders, 2025-09-12). */
class MarkerFilesTest {

    static final String DOC_METRICS = """
            {"rows_processed": 15000, "files_created": 3, "duration_seconds": 45.2,
             "mysql_metrics": {"rows_extracted": 15000, "batches_processed": 3, "extraction_duration_seconds": 32.8, "avg_rows_per_second": 457.3},
             "s3_metrics": {"files_created": 3, "total_size_bytes": 2048000, "total_size_mb": 1.95, "compression_ratio": 0.73},
             "redshift_metrics": {"rows_loaded": 15000, "files_loaded": 3, "load_duration_seconds": 12.4, "copy_statements_executed": 3, "avg_load_rate_rows_per_second": 1209.7}}
            """;

    static CompletionRecorded completion(String eventId, String startedAt, String occurredAt, String metrics)
            throws Exception {
        ObjectNode m = metrics == null ? null : (ObjectNode) Json.mapper().readTree(metrics);
        Change change = new Change(
                "stage.completed",
                "sync",
                "scheduled__2025-09-12T02.00.00",
                Instant.parse(occurredAt),
                startedAt == null ? null : Instant.parse(startedAt),
                m,
                Map.of(),
                null);
        return new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                eventId,
                "us_dw_hybrid_v1_2",
                "settlement.settle_orders",
                "default",
                List.of("sync"),
                "sync",
                Map.of(),
                change,
                Instant.parse("2025-09-12T14:31:07.600Z"),
                1);
    }

    static MarkerFiles.Content documentExample() throws Exception {
        return MarkerFiles.render(completion(
                "sync-settle-orders-20250912-143022",
                "2025-09-12T14:30:22.135401Z",
                "2025-09-12T14:31:07.466043Z",
                DOC_METRICS));
    }

    @Test
    void executionMetadataHasTheDocumentsFieldsInItsOrder() throws Exception {
        JsonNode meta = Json.mapper().readTree(documentExample().executionMetadata());
        List<String> fields = new ArrayList<>();
        meta.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly(
                        "execution_id",
                        "start_time",
                        "pipeline",
                        "tables_requested",
                        "total_tables",
                        "table_results",
                        "status",
                        "end_time",
                        "duration_seconds",
                        "summary",
                        "stage",
                        "config_id",
                        "event_id");
        JsonNode expected = Json.mapper().readTree("""
                {"execution_id": "sync_20250912_143022_063485ec",
                 "start_time": "2025-09-12T14:30:22.135401+00:00",
                 "pipeline": "us_dw_hybrid_v1_2",
                 "tables_requested": ["settlement.settle_orders"],
                 "total_tables": 1,
                 "table_results": {"settlement.settle_orders": {"status": "success", "rows_processed": 15000, "files_created": 3,
                     "duration_seconds": 45.2, "completed_at": "2025-09-12T14:31:07.466043+00:00"}},
                 "status": "success",
                 "end_time": "2025-09-12T14:31:07.466043+00:00",
                 "duration_seconds": 45.2,
                 "summary": {"success_count": 1, "failure_count": 0, "total_rows_processed": 15000, "total_files_created": 3},
                 "stage": "sync", "config_id": "default", "event_id": "sync-settle-orders-20250912-143022"}
                """);
        assertThat(meta).isEqualTo(expected);
    }

    @Test
    void tableMetricsCarryEveryMetricsGroupUnchanged() throws Exception {
        JsonNode metrics = Json.mapper().readTree(documentExample().tableMetrics());
        assertThat(metrics.get("table_name").asText()).isEqualTo("settlement.settle_orders");
        assertThat(metrics.get("pipeline").asText()).isEqualTo("us_dw_hybrid_v1_2");
        JsonNode source = Json.mapper().readTree(DOC_METRICS);
        for (String group : List.of("mysql_metrics", "s3_metrics", "redshift_metrics", "rows_processed")) {
            assertThat(metrics.get(group)).as(group).isEqualTo(source.get(group));
        }
        assertThat(metrics.at("/s3_metrics/compression_ratio").asDouble()).isEqualTo(0.73);
    }

    @Test
    void textMarkerHasTheDocumentsLinesInOrderThenCairnsOwn() throws Exception {
        String text = new String(documentExample().completionMarker(), StandardCharsets.UTF_8);
        assertThat(text.split("\n"))
                .containsExactly(
                        "SYNC_COMPLETED",
                        "Pipeline: us_dw_hybrid_v1_2",
                        "Table: settlement.settle_orders",
                        "Status: SUCCESS",
                        "Timestamp: 2025-09-12T14:30:22Z",
                        "Duration: 45.20s",
                        "Rows: 15000",
                        "Stage: sync",
                        "Config: default",
                        "Event: sync-settle-orders-20250912-143022");
        assertThat(documentExample().timestamp()).isEqualTo("20250912_143022");
    }

    static Stream<Arguments> fallbacks() {
        return Stream.of(
                // no duration metric: end - start, rounded to 2 decimals
                Arguments.of(
                        "2025-09-12T14:30:22.135401Z",
                        "2025-09-12T14:31:07.466043Z",
                        "{\"rows_processed\": 7}",
                        "20250912_143022",
                        45.33,
                        7,
                        0),
                // no started_at: the folder and start time are occurred_at, duration 0
                Arguments.of(null, "2025-09-12T14:31:07Z", null, "20250912_143107", 0.0, 0, 0),
                // counts given as numeric strings still count
                Arguments.of(
                        "2025-09-12T23:59:59.999999Z",
                        "2025-09-13T00:00:01Z",
                        "{\"rows_processed\": \"12\", \"files_created\": 2.0}",
                        "20250912_235959",
                        1.0,
                        12,
                        2));
    }

    @ParameterizedTest
    @MethodSource("fallbacks")
    void durationsAndCountsFallBackAsDocumented(
            String started, String occurred, String metrics, String folder, double duration, long rows, long files)
            throws Exception {
        MarkerFiles.Content content = MarkerFiles.render(completion("e-plain", started, occurred, metrics));
        JsonNode meta = Json.mapper().readTree(content.executionMetadata());
        assertThat(content.timestamp()).isEqualTo(folder);
        assertThat(content.executionId()).isEqualTo("sync_" + folder + "_2e7b9d40");
        assertThat(meta.get("duration_seconds").asDouble()).isEqualTo(duration);
        assertThat(meta.at("/summary/total_rows_processed").asLong()).isEqualTo(rows);
        assertThat(meta.at("/summary/total_files_created").asLong()).isEqualTo(files);
        assertThat(meta.get("start_time").asText())
                .startsWith(MarkerTime.isoSeconds(Instant.parse(started != null ? started : occurred))
                        .replace("Z", ""));
        assertThat(new String(content.completionMarker(), StandardCharsets.UTF_8))
                .contains("Duration: " + String.format(java.util.Locale.ROOT, "%.2f", duration) + "s\nRows: " + rows
                        + "\n");
    }

    static Stream<Arguments> pythonTimes() {
        return Stream.of(
                Arguments.of("2025-09-12T14:30:22Z", "2025-09-12T14:30:22+00:00"),
                Arguments.of("2025-09-12T14:30:22.135401Z", "2025-09-12T14:30:22.135401+00:00"),
                Arguments.of("2025-09-12T14:30:22.5Z", "2025-09-12T14:30:22.500000+00:00"),
                Arguments.of("2025-09-12T14:30:22.123456789Z", "2025-09-12T14:30:22.123456+00:00"));
    }

    @ParameterizedTest
    @MethodSource("pythonTimes")
    void timesAreWrittenAsPythonsIsoformat(String instant, String expected) {
        assertThat(MarkerTime.pythonIso(Instant.parse(instant))).isEqualTo(expected);
    }
}
