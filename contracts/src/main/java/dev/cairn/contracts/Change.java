package dev.cairn.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/** The change that produced a {@link CompletionRecorded}: the applied stage event, or a reset. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Change(
        String type,
        String stage,
        String runId,
        Instant occurredAt,
        Instant startedAt,
        ObjectNode metrics,
        Map<String, String> attributes,
        String error) {}
