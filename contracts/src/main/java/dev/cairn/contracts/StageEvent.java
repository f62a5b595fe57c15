package dev.cairn.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * StageEvent v1 (docs/design.md §3): a pipeline step started, completed or failed a stage of a project.
 * Built by {@link StageEventValidator} from validated JSON; {@code configId} is never null (defaults to
 * {@code default}), {@code metrics} and {@code attributes} may be null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageEvent(
        String schema,
        String eventId,
        String type,
        String pipeline,
        String project,
        String configId,
        String stage,
        String runId,
        Instant occurredAt,
        Instant startedAt,
        ObjectNode metrics,
        Map<String, String> attributes,
        String error) {

    public static final String SCHEMA = "cairn.stage-event/v1";

    public String key() {
        return Topics.key(pipeline, project, configId);
    }
}
