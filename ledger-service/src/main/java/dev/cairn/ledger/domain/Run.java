package dev.cairn.ledger.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A run of one stage of one project over many items (table {@code ledger.run}). {@code fingerprint} is
 * {@code {source, options: {...}}}; {@code state} is {@code running}, {@code completed} or {@code failed}.
 */
public record Run(
        String runId,
        String pipeline,
        String project,
        String configId,
        String stage,
        ObjectNode fingerprint,
        Long totalItems,
        boolean forced,
        String state,
        int generation,
        List<String> unprocessedFiles,
        Instant started,
        Instant lastUpdated,
        Instant finishedAt) {

    public boolean running() {
        return "running".equals(state);
    }
}
