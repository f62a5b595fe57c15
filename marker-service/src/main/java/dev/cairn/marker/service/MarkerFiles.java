package dev.cairn.marker.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Renders the files of a marker folder from a {@link CompletionRecorded}, field by field as in
 * {@code s3-completion-markers.md}: the project is the document's "table", the change's stage the execution. A
 * {@code stage.completed} gives the document's three files; a {@code stage.failed} gives a failure folder:
 * {@code execution_metadata.json} with {@code status: "failed"} and {@code error}, then {@code failure_marker.txt}.
 * Pure and deterministic: the same completion always gives the same bytes, so a redelivery rewrites nothing new
 * (hence the contracts' plain mapper: the bytes must not depend on framework settings).
 */
public final class MarkerFiles {

    public static final String EXECUTION_METADATA = "execution_metadata.json";
    public static final String TABLE_METRICS = "table_metrics.json";
    public static final String COMPLETION_MARKER = "completion_marker.txt";
    public static final String FAILURE_MARKER = "failure_marker.txt";
    /** The largest count a marker reports: 2^53 - 1, the largest integer every JSON reader holds exactly. */
    public static final long MAX_COUNT = (1L << 53) - 1;

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    private static final Logger LOG = Logger.getLogger(MarkerFiles.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter PRETTY = Json.mapper()
            .writer(new DefaultPrettyPrinter()
                    .withSeparators(
                            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private MarkerFiles() {}

    /** One file of a folder: its name within the folder, bytes and content type. */
    public record MarkerFile(String name, byte[] body, String contentType) {}

    /**
     * The rendered folder content; {@code timestamp} is {@code yyyyMMdd_HHmmss}, {@code eventHash} 8 hex digits,
     * {@code files} in the order they are written: the first claims the folder, the text marker is last.
     */
    public record Content(String timestamp, String eventHash, String executionId, List<MarkerFile> files) {

        public byte[] executionMetadata() {
            return body(EXECUTION_METADATA);
        }

        public byte[] tableMetrics() {
            return body(TABLE_METRICS);
        }

        public byte[] completionMarker() {
            return body(COMPLETION_MARKER);
        }

        public byte[] failureMarker() {
            return body(FAILURE_MARKER);
        }

        /** The file's bytes, or null when this folder has no such file. */
        public byte[] body(String name) {
            return files.stream()
                    .filter(f -> f.name().equals(name))
                    .map(MarkerFile::body)
                    .findFirst()
                    .orElse(null);
        }
    }

    /** What notifications and metrics report about an execution, from the same values the files carry. */
    public record Summary(boolean failed, double durationSeconds, long rows, long files, String error) {}

    public static Content render(CompletionRecorded c) {
        Execution x = Execution.of(c);
        if (failed(c)) {
            return new Content(
                    x.timestamp(),
                    x.eventHash(),
                    x.executionId(),
                    List.of(
                            new MarkerFile(EXECUTION_METADATA, json(executionMetadata(c, x)), JSON),
                            new MarkerFile(FAILURE_MARKER, utf8(failureMarker(c, x)), TEXT)));
        }
        return new Content(
                x.timestamp(),
                x.eventHash(),
                x.executionId(),
                List.of(
                        new MarkerFile(EXECUTION_METADATA, json(executionMetadata(c, x)), JSON),
                        new MarkerFile(TABLE_METRICS, json(tableMetrics(c, x.metrics())), JSON),
                        new MarkerFile(COMPLETION_MARKER, utf8(completionMarker(c, x)), TEXT)));
    }

    public static Summary summary(CompletionRecorded c) {
        Execution x = Execution.of(c);
        return new Summary(failed(c), x.duration().asDouble(), x.rows(), x.files(), failed(c) ? error(c) : null);
    }

    /** True for a {@code stage.failed} change: its folder is a failure folder. */
    public static boolean failed(CompletionRecorded c) {
        return EventTypes.FAILED.equals(c.change().type());
    }

    /** The failure's error as the event gave it, {@code unknown} when it gave none. */
    static String error(CompletionRecorded c) {
        String error = c.change().error();
        return error == null || error.isBlank() ? "unknown" : error;
    }

    /** What the three files say about the execution: its times, ids, and the counts taken from the metrics. */
    private record Execution(
            Instant start,
            Instant end,
            String timestamp,
            String eventHash,
            String executionId,
            ObjectNode metrics,
            JsonNode duration,
            long rows,
            long files) {

        static Execution of(CompletionRecorded c) {
            Change change = c.change();
            Instant end = change.occurredAt();
            Instant start = change.startedAt() != null ? change.startedAt() : end;
            String timestamp = MarkerTime.folderTimestamp(start);
            String hash = MarkerTime.eventHash(c.eventId());
            ObjectNode metrics = change.metrics() != null ? change.metrics() : NODES.objectNode();
            JsonNode duration = metrics.path("duration_seconds").isNumber()
                    ? metrics.get("duration_seconds")
                    : NODES.numberNode(seconds(Duration.between(start, end)));
            return new Execution(
                    start,
                    end,
                    timestamp,
                    hash,
                    change.stage() + "_" + timestamp + "_" + hash,
                    metrics,
                    duration,
                    count(metrics, "rows_processed"),
                    count(metrics, "files_created"));
        }
    }

    /** {@code execution_metadata.json}: the document's fields in its order, then stage, config_id and event_id. */
    private static ObjectNode executionMetadata(CompletionRecorded c, Execution x) {
        ObjectNode meta = NODES.objectNode();
        meta.put("execution_id", x.executionId());
        meta.put("start_time", MarkerTime.pythonIso(x.start()));
        meta.put("pipeline", c.pipeline());
        meta.putArray("tables_requested").add(c.project());
        meta.put("total_tables", 1);
        boolean failed = failed(c);
        String status = failed ? "failed" : "success";
        ObjectNode table = meta.putObject("table_results").putObject(c.project());
        table.put("status", status);
        table.put("rows_processed", x.rows());
        table.put("files_created", x.files());
        table.set("duration_seconds", x.duration());
        table.put("completed_at", MarkerTime.pythonIso(x.end()));
        if (failed) {
            table.put("error", error(c));
        }
        meta.put("status", status);
        if (failed) {
            meta.put("error", error(c));
        }
        meta.put("end_time", MarkerTime.pythonIso(x.end()));
        meta.set("duration_seconds", x.duration());
        ObjectNode summary = meta.putObject("summary");
        summary.put("success_count", failed ? 0 : 1);
        summary.put("failure_count", failed ? 1 : 0);
        summary.put("total_rows_processed", x.rows());
        summary.put("total_files_created", x.files());
        meta.put("stage", c.change().stage());
        meta.put("config_id", c.configId());
        meta.put("event_id", c.eventId());
        return meta;
    }

    /** {@code table_metrics.json}: table name and pipeline, then every metric of the event unchanged. */
    private static ObjectNode tableMetrics(CompletionRecorded c, ObjectNode metrics) {
        ObjectNode tableMetrics = NODES.objectNode();
        tableMetrics.put("table_name", c.project());
        tableMetrics.put("pipeline", c.pipeline());
        metrics.properties().forEach(e -> {
            if (tableMetrics.has(e.getKey())) {
                LOG.warnf(
                        "event %s: metric '%s' clashes with a fixed field of %s and is left out",
                        c.eventId(), e.getKey(), TABLE_METRICS);
            } else {
                tableMetrics.set(e.getKey(), e.getValue());
            }
        });
        return tableMetrics;
    }

    /** {@code completion_marker.txt}: the document's lines, then stage, config and event. */
    private static String completionMarker(CompletionRecorded c, Execution x) {
        return "SYNC_COMPLETED\n"
                + "Pipeline: " + c.pipeline() + "\n"
                + "Table: " + c.project() + "\n"
                + "Status: SUCCESS\n"
                + "Timestamp: " + MarkerTime.isoSeconds(x.start()) + "\n"
                + "Duration: " + String.format(Locale.ROOT, "%.2f", x.duration().asDouble()) + "s\n"
                + "Rows: " + x.rows() + "\n"
                + "Stage: " + c.change().stage() + "\n"
                + "Config: " + c.configId() + "\n"
                + "Event: " + c.eventId() + "\n";
    }

    /**
     * {@code failure_marker.txt}: the completion marker's lines for a failure, the error on one line (line breaks
     * become spaces; {@code execution_metadata.json} keeps it as sent), then stage, config and event.
     */
    private static String failureMarker(CompletionRecorded c, Execution x) {
        return "SYNC_FAILED\n"
                + "Pipeline: " + c.pipeline() + "\n"
                + "Table: " + c.project() + "\n"
                + "Status: FAILED\n"
                + "Timestamp: " + MarkerTime.isoSeconds(x.start()) + "\n"
                + "Error: " + error(c).replaceAll("[\\r\\n]+", " ") + "\n"
                + "Stage: " + c.change().stage() + "\n"
                + "Config: " + c.configId() + "\n"
                + "Event: " + c.eventId() + "\n";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static BigDecimal seconds(Duration d) {
        return BigDecimal.valueOf(d.getSeconds())
                .add(BigDecimal.valueOf(d.getNano(), 9))
                .setScale(2, RoundingMode.HALF_UP);
    }

    /** An integral count from the metrics, 0 when absent; a value that is no number is logged and counted as 0. */
    /**
     * Why {@code metrics.<field>} (a count: {@code rows_processed}, {@code files_created}) is absurd, or null: a
     * number, or numeric text, must be a whole number from 0 to {@link #MAX_COUNT}. Above that a long, or a reader
     * that takes JSON numbers as doubles (JavaScript, many Python tools), no longer holds the count exactly, and a
     * negative or fractional count is no count; the marker would report a value the step never gave. Absent,
     * null and non-numeric text are no problem (the marker reports 0, as documented).
     */
    public static String countProblem(ObjectNode metrics, String field) {
        JsonNode node = metrics == null ? null : metrics.get(field);
        BigDecimal value;
        try {
            if (node != null && node.isNumber()) {
                value = node.decimalValue();
            } else if (node != null && node.isTextual() && node.asText().matches("-?\\d+")) {
                value = new BigDecimal(node.asText());
            } else {
                return null;
            }
        } catch (NumberFormatException e) { // a double that is not finite
            value = null;
        }
        if (value != null
                && value.signum() >= 0
                && value.stripTrailingZeros().scale() <= 0
                && value.compareTo(BigDecimal.valueOf(MAX_COUNT)) <= 0) {
            return null;
        }
        String shown = node.toString();
        shown = shown.length() <= 40 ? shown : shown.substring(0, 40) + "…";
        return "metrics." + field + " must be a whole number from 0 to " + MAX_COUNT + ", got " + shown;
    }

    private static long count(ObjectNode metrics, String field) {
        JsonNode node = metrics.get(field);
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isNumber()) {
            return node.longValue();
        }
        if (node.isTextual() && node.asText().matches("-?\\d{1,18}")) {
            return Long.parseLong(node.asText());
        }
        LOG.warnf("metrics.%s is %s, not a number; the marker reports 0", field, node);
        return 0;
    }

    private static byte[] json(ObjectNode node) {
        try {
            return (PRETTY.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render marker JSON", e);
        }
    }
}
