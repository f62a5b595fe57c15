package dev.cairn.ledger.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.StageState;
import java.time.Instant;
import java.util.Comparator;

/**
 * What the ledger knows about one stage of one project, kept so that the outcome does not depend on the order in
 * which events arrive: completions are sticky (a later failure or start never undoes one), first/last completion
 * are min/max of {@code occurred_at}, the run and status of the "latest activity" are those of the event with the
 * greatest {@code (occurred_at, type, run_id)}, and {@code attempts} counts finished attempts (completed + failed).
 * Stored as JSON in {@code ledger.project_state.stage_states}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageProgress(
        Instant firstCompletedAt,
        Instant lastCompletedAt,
        String lastCompletedRunId,
        Instant lastActivityAt,
        String lastActivityType,
        String lastActivityRunId,
        int attempts) {

    static final StageProgress NONE = new StageProgress(null, null, null, null, null, null, 0);

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    /** The progress after {@code type} happened at {@code at} in run {@code runId}; commutative over events. */
    StageProgress with(String type, Instant at, String runId) {
        Instant first = firstCompletedAt;
        Instant last = lastCompletedAt;
        String lastRun = lastCompletedRunId;
        int tries = attempts;
        if (EventTypes.COMPLETED.equals(type)) {
            first = first == null || at.isBefore(first) ? at : first;
            if (last == null || later(at, runId, last, lastRun)) {
                last = at;
                lastRun = runId;
            }
        }
        if (!EventTypes.STARTED.equals(type)) {
            tries++;
        }
        Instant activityAt = lastActivityAt;
        String activityType = lastActivityType;
        String activityRun = lastActivityRunId;
        if (activityAt == null || compareActivity(at, type, runId, activityAt, activityType, activityRun) > 0) {
            activityAt = at;
            activityType = type;
            activityRun = runId;
        }
        return new StageProgress(first, last, lastRun, activityAt, activityType, activityRun, tries);
    }

    private static boolean later(Instant at, String runId, Instant other, String otherRun) {
        int c = at.compareTo(other);
        return c > 0 || (c == 0 && NULLS_FIRST.compare(runId, otherRun) > 0);
    }

    private static int compareActivity(
            Instant at, String type, String run, Instant otherAt, String otherType, String otherRun) {
        int c = at.compareTo(otherAt);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(rank(type), rank(otherType));
        return c != 0 ? c : NULLS_FIRST.compare(run, otherRun);
    }

    /** At the same instant a terminal event outranks a start, and a completion outranks a failure. */
    private static int rank(String type) {
        return switch (type) {
            case EventTypes.COMPLETED -> 2;
            case EventTypes.FAILED -> 1;
            default -> 0;
        };
    }

    public boolean completed() {
        return firstCompletedAt != null;
    }

    /** {@code completed} once completed, else the type of the latest activity ({@code started}/{@code failed}). */
    public String status() {
        if (completed()) {
            return StageState.COMPLETED;
        }
        return EventTypes.FAILED.equals(lastActivityType) ? StageState.FAILED : StageState.STARTED;
    }

    /** The run that last completed the stage, else the run of the latest activity. */
    public String lastRunId() {
        return completed() ? lastCompletedRunId : lastActivityRunId;
    }

    public StageState toContract() {
        return new StageState(status(), firstCompletedAt, lastCompletedAt, lastRunId(), attempts);
    }
}
