package dev.cairn.bootstrap.importlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.Names;
import dev.cairn.contracts.Timestamps;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One line of the seed's completion log ({@code project_name}, {@code config_id}, {@code completion_level},
 * {@code timestamp}, {@code workflow_name}), parsed and checked: either the values or the reason it is malformed.
 * {@code config_id} defaults to {@code default}; {@code workflow_name} is optional (it becomes the event's
 * {@code run_id}); a timestamp without an offset is read as UTC, as the seed's format defines timestamps in UTC.
 */
public record CompletionLogLine(String project, String configId, String stage, Instant timestamp, String runId) {

    public sealed interface Parsed permits Valid, Malformed {}

    public record Valid(CompletionLogLine line) implements Parsed {}

    public record Malformed(String reason) implements Parsed {}

    /** Reads one line with {@code json} (the application's mapper). */
    public static Parsed parse(ObjectMapper json, String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            return new Malformed("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return new Malformed("must be a JSON object");
        }
        try {
            String project = name(node, "project_name", true);
            String configId =
                    Optional.ofNullable(name(node, "config_id", false)).orElse(Names.DEFAULT_CONFIG_ID);
            String stage = name(node, "completion_level", true);
            Instant timestamp = timestamp(text(node, "timestamp", true));
            String runId = name(node, "workflow_name", false);
            return new Valid(new CompletionLogLine(project, configId, stage, timestamp, runId));
        } catch (IllegalArgumentException e) {
            return new Malformed(e.getMessage());
        }
    }

    private static String name(JsonNode node, String field, boolean required) {
        String value = text(node, field, required);
        if (value != null) {
            Names.problem(value).ifPresent(p -> {
                throw new IllegalArgumentException(field + " " + p);
            });
        }
        return value;
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string, got "
                    + value.getNodeType().name().toLowerCase());
        }
        return value.textValue();
    }

    static Instant timestamp(String value) {
        try {
            return Timestamps.parse(value);
        } catch (DateTimeParseException withOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("timestamp is not an ISO-8601 date-time: '" + value + "'");
            }
        }
    }
}
