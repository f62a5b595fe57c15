package dev.cairn.ledger.rest;

import dev.cairn.ledger.domain.HistoryEntry;
import java.time.Instant;

/** One applied event of a timeline or run, as the API shows it; {@code body} is the canonical event as JSON text. */
public record TimelineEntryResponse(
        long seq,
        String eventId,
        String pipeline,
        String project,
        String configId,
        String type,
        String stage,
        String runId,
        Instant occurredAt,
        Instant recordedAt,
        String source,
        String body) {

    static TimelineEntryResponse of(HistoryEntry e) {
        return new TimelineEntryResponse(
                e.seq(),
                e.eventId(),
                e.pipeline(),
                e.project(),
                e.configId(),
                e.type(),
                e.stage(),
                e.runId(),
                e.occurredAt(),
                e.recordedAt(),
                e.source(),
                e.body());
    }
}
