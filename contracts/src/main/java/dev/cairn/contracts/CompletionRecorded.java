package dev.cairn.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * CompletionRecorded v1 (docs/design.md §3): the full state of one {@code (pipeline, project, config_id)} after
 * an applied event, published on {@code cairn.completions} (compacted, key {@code pipeline/project/config_id}).
 * {@code level} is the highest completed declared stage, or null; {@code version} grows by one per change.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CompletionRecorded(
        String schema,
        String eventId,
        String pipeline,
        String project,
        String configId,
        List<String> stages,
        String level,
        Map<String, StageState> stageStates,
        Change change,
        Instant recordedAt,
        long version) {

    public static final String SCHEMA = "cairn.completion-recorded/v1";

    public String key() {
        return Topics.key(pipeline, project, configId);
    }

    /** Index of {@code level} in {@code stages}, or -1 when nothing is complete. */
    public int levelIndex() {
        return level == null ? -1 : stages.indexOf(level);
    }

    public String finalStage() {
        return stages.get(stages.size() - 1);
    }
}
