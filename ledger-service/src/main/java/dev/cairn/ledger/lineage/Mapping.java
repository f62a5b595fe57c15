package dev.cairn.ledger.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Problem;
import dev.cairn.contracts.RejectReason;
import dev.cairn.contracts.StageEvent;
import java.util.List;

/**
 * What one RunEvent becomes: a {@code MAPPED} StageEvent (validated like any event of {@code POST /api/v1/events}),
 * {@code UNMAPPED} (about no Cairn pipeline: counted and listed, never an error), {@code IGNORED} (a Cairn run's
 * event that changes nothing, such as {@code OTHER}) or {@code INVALID} (the reason and every problem, by field).
 */
public record Mapping(Kind kind, StageEvent event, UnmappedRun unmapped, RejectReason reason, List<Problem> problems) {

    public enum Kind {
        MAPPED,
        UNMAPPED,
        IGNORED,
        INVALID
    }

    /** An unmapped RunEvent as {@code GET /api/v1/lineage/unmapped} lists it. */
    public record UnmappedRun(
            String namespace, String job, String runId, String eventType, String eventTime, String reason) {

        static UnmappedRun of(JsonNode event, String reason) {
            return new UnmappedRun(
                    event.path("job").path("namespace").asText(),
                    event.path("job").path("name").asText(),
                    event.path("run").path("runId").asText(),
                    event.path("eventType").asText(null),
                    event.path("eventTime").asText(),
                    reason);
        }
    }

    static Mapping mapped(StageEvent event) {
        return new Mapping(Kind.MAPPED, event, null, null, List.of());
    }

    static Mapping unmapped(UnmappedRun run) {
        return new Mapping(Kind.UNMAPPED, null, run, null, List.of());
    }

    static Mapping ignored() {
        return new Mapping(Kind.IGNORED, null, null, null, List.of());
    }

    static Mapping invalid(RejectReason reason, List<Problem> problems) {
        return new Mapping(Kind.INVALID, null, null, reason, List.copyOf(problems));
    }

    public String detail() {
        return String.join("; ", problems.stream().map(Problem::toString).toList());
    }
}
