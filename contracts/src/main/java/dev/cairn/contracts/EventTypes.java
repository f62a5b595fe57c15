package dev.cairn.contracts;

import java.util.List;

/** The values of {@code StageEvent.type}, plus the ledger-only {@code reset} change type. */
public final class EventTypes {

    public static final String STARTED = "stage.started";
    public static final String COMPLETED = "stage.completed";
    public static final String FAILED = "stage.failed";
    /** Only in {@code CompletionRecorded.change.type}: an explicit reset through the ledger API. */
    public static final String RESET = "reset";

    public static final List<String> STAGE_EVENT_TYPES = List.of(STARTED, COMPLETED, FAILED);

    private EventTypes() {}
}
