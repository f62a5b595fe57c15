package dev.cairn.contracts;

import java.util.List;

/**
 * The values of {@code StageEvent.type}, plus the ledger-only {@code reset} change type. The three {@code stage.*}
 * types change a stage's state; {@link #BACKED_UP} is only recorded in the project's timeline.
 */
public final class EventTypes {

    public static final String STARTED = "stage.started";
    public static final String COMPLETED = "stage.completed";
    public static final String FAILED = "stage.failed";
    /**
     * The artifacts of a stage's run were backed up ({@code cairn backup}): recorded once by {@code event_id} in the
     * project's history and timeline, but it changes no stage state, no level and publishes no completion.
     */
    public static final String BACKED_UP = "artifact.backed_up";
    /** Only in {@code CompletionRecorded.change.type}: an explicit reset through the ledger API. */
    public static final String RESET = "reset";

    public static final List<String> STAGE_EVENT_TYPES = List.of(STARTED, COMPLETED, FAILED, BACKED_UP);
    /** The types that change a stage's state (and so the level, {@code cairn.completions} and markers). */
    public static final List<String> STATE_CHANGING_TYPES = List.of(STARTED, COMPLETED, FAILED);

    /** Whether an event of {@code type} changes its stage's state; false for record-only types such as a backup. */
    public static boolean changesState(String type) {
        return STATE_CHANGING_TYPES.contains(type);
    }

    private EventTypes() {}
}
