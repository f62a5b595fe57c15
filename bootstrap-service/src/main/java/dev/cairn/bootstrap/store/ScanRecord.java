package dev.cairn.bootstrap.store;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code bootstrap.scan}. */
public record ScanRecord(
        UUID id,
        String pipeline,
        String configId,
        boolean dryRun,
        String state,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        int attempts,
        long resumedObjects,
        long eventsEmitted,
        String levelCounts,
        Instant ledgerSince,
        Long eventsApplied,
        Long duplicates,
        Long refused) {

    public static final String QUEUED = "queued";
    public static final String LISTING = "listing";
    public static final String EMITTING = "emitting";
    public static final String CONFIRMING = "confirming";
    public static final String COMPLETED = "completed";
    public static final String COMPLETED_WITH_PROBLEMS = "completed_with_problems";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    public boolean active() {
        return QUEUED.equals(state) || LISTING.equals(state) || EMITTING.equals(state) || CONFIRMING.equals(state);
    }

    /** Completed, with or without problems: its entries can be read. */
    public boolean completed() {
        return COMPLETED.equals(state) || COMPLETED_WITH_PROBLEMS.equals(state);
    }
}
