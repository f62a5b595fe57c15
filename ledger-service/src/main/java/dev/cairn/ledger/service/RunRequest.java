package dev.cairn.ledger.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /api/v1/runs}: {@code {pipeline, project, config_id, stage, fingerprint: {source, options: {...}},
 * total_items?, resume?, force?, run_id?}}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunRequest(
        String pipeline,
        String project,
        String configId,
        String stage,
        JsonNode fingerprint,
        Long totalItems,
        Boolean resume,
        Boolean force,
        String runId) {

    public boolean resuming() {
        return Boolean.TRUE.equals(resume);
    }

    public boolean forcing() {
        return Boolean.TRUE.equals(force);
    }
}
