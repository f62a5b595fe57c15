package dev.cairn.ledger.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.ledger.domain.Run;
import dev.cairn.ledger.domain.RunStats;
import java.time.Duration;
import java.time.Instant;

/** A run as {@code GET /api/v1/runs/{id}} shows it: key, fingerprint, state, stats, progress string, stale flag. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
        String runId,
        String pipeline,
        String project,
        String configId,
        String stage,
        String state,
        boolean forced,
        int generation,
        ObjectNode fingerprint,
        Long totalItems,
        long processed,
        long success,
        long errors,
        long notFound,
        long skipped,
        String progress,
        Instant started,
        Instant lastUpdated,
        Instant finishedAt,
        boolean stale) {

    static RunView of(Run r, RunStats s, Instant now, Duration staleAfter) {
        boolean stale = r.running() && r.lastUpdated().plus(staleAfter).isBefore(now);
        return new RunView(
                r.runId(),
                r.pipeline(),
                r.project(),
                r.configId(),
                r.stage(),
                r.state(),
                r.forced(),
                r.generation(),
                r.fingerprint(),
                r.totalItems(),
                s.processed(),
                s.success(),
                s.errors(),
                s.notFound(),
                s.skipped(),
                s.progress(r.totalItems()),
                r.started(),
                r.lastUpdated(),
                r.finishedAt(),
                stale);
    }
}
