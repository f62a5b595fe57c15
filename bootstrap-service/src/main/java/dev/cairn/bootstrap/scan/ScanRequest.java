package dev.cairn.bootstrap.scan;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/scans}, as sent (the resource refuses unknown fields: a misspelt {@code sentinels}
 * must not silently fall back to the defaults). {@link ScanRequestValidator} turns it into a {@link ScanPlan}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScanRequest(
        String pipeline, String configId, Boolean dryRun, List<String> stages, Map<String, Source> sources) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Source(String bucket, String prefix, String layout, List<String> sentinels, String projectPattern) {}
}
