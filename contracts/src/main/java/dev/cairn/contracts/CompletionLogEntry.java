package dev.cairn.contracts;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One line of the user's completion log (seed {@code completion-tracking-and-skip-plan.md}, component 1),
 * in the seed's field order: {@code project_name}, {@code config_id}, {@code completion_level},
 * {@code timestamp}, {@code workflow_name}. Timestamps stay strings: the log is the user's format.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"project_name", "config_id", "completion_level", "timestamp", "workflow_name"})
public record CompletionLogEntry(
        String projectName, String configId, String completionLevel, String timestamp, String workflowName) {

    /** The workflow name the seed's {@code generate_retroactive_log.py} writes. */
    public static final String RETROACTIVE_WORKFLOW = "retroactive-bootstrap";
}
