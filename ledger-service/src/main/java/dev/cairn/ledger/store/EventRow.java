package dev.cairn.ledger.store;

import java.time.Instant;

/** One row of {@code ledger.event}: an applied stage event (or reset), its canonical body and its dedupe hash. */
public record EventRow(
        String eventId,
        byte[] payloadHash,
        String pipeline,
        String project,
        String configId,
        String type,
        String stage,
        String runId,
        Instant occurredAt,
        Instant startedAt,
        String body,
        String source) {}
