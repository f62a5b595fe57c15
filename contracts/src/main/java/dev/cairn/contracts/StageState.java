package dev.cairn.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The state of one stage of a project in a {@link CompletionRecorded}. {@code status} is
 * {@code started}, {@code completed} or {@code failed}; a stage never seen is absent from the map.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageState(
        String status, Instant firstCompletedAt, Instant lastCompletedAt, String lastRunId, int attempts) {

    public static final String STARTED = "started";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
}
