package dev.cairn.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/** MarkerWritten v1 (docs/design.md §3): a complete S3 marker folder, published on {@code cairn.markers}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MarkerWritten(
        String schema,
        String eventId,
        String pipeline,
        String project,
        String configId,
        String stage,
        String bucket,
        String prefix,
        List<String> keys,
        Instant writtenAt) {

    public static final String SCHEMA = "cairn.marker-written/v1";

    public String key() {
        return Topics.key(pipeline, project, configId);
    }
}
