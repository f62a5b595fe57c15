package dev.cairn.ledger.domain;

import java.time.Instant;

/** One applied event (or reset) of the history {@code ledger.event}, in timeline order ({@code seq}). */
public record HistoryEntry(
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
        String body) {}
