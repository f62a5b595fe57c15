package dev.cairn.ledger.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.cairn.contracts.EventIds;
import dev.cairn.contracts.Problem;
import dev.cairn.contracts.StageEvent;
import dev.cairn.contracts.StageEventValidator;
import dev.cairn.ledger.service.EventStatusService;
import dev.cairn.service.auth.RequiresScope;
import dev.cairn.service.auth.Scope;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.error.TooLargeException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /api/v1/events/status} {@code {"event_ids": [...], "since": "..."}} or {@code {"events": [...],
 * "since": "..."}}: what the ledger did with each id (applied / duplicate / refused with reason / unknown), for
 * senders that report the ledger's outcome (bootstrap). With the events themselves, a copy of an id recorded before
 * {@code since} is told apart: the same payload is a duplicate, another one a conflicting duplicate (refused).
 */
@Path("/api/v1/events/status")
public class EventStatusResource {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Query(List<String> eventIds, List<JsonNode> events, Instant since) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer(Instant now, List<EventStatusService.Verdict> events) {}

    private final StageEventValidator validator = new StageEventValidator();
    private final EventStatusService statuses;

    EventStatusResource(EventStatusService statuses) {
        this.statuses = statuses;
    }

    @POST
    @RequiresScope(Scope.READ) // asks about events, changes nothing: bootstrap calls it with a read token
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "The ledger's verdict on event ids",
            description = "applied (recorded since `since`), duplicate (recorded before), refused (dead-lettered "
                    + "since `since`, with reason and detail), unknown. `now` is the ledger's clock: pass it as "
                    + "`since` before sending. At most 10,000 ids. With `events` (the events as sent) instead of "
                    + "`event_ids`, an id recorded before `since` with another payload is refused (conflicting).")
    public Answer status(Query query) throws SQLException {
        if (query != null && query.events() != null) {
            return events(query.events(), query.since());
        }
        List<String> ids = query == null || query.eventIds() == null ? List.of() : query.eventIds();
        if (ids.size() > EventStatusService.MAX_IDS) {
            throw new TooLargeException(
                    "at most " + EventStatusService.MAX_IDS + " event ids per request (got " + ids.size() + ")");
        }
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || !EventIds.isValid(id)) {
                problems.add(new Problem("event_ids[" + i + "]", "is not a valid event id"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid_request", "invalid event ids", problems);
        }
        EventStatusService.Verdicts v = statuses.status(ids, query == null ? null : query.since());
        return new Answer(v.now(), v.verdicts());
    }

    private Answer events(List<JsonNode> nodes, Instant since) throws SQLException {
        if (nodes.size() > EventStatusService.MAX_IDS) {
            throw new TooLargeException(
                    "at most " + EventStatusService.MAX_IDS + " events per request (got " + nodes.size() + ")");
        }
        List<StageEvent> events = new ArrayList<>(nodes.size());
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            StageEventValidator.Result r = validator.validate(nodes.get(i));
            if (r.valid()) {
                events.add(r.event());
            } else {
                problems.add(new Problem("events[" + i + "]", r.detail()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid_request", "invalid events", problems);
        }
        EventStatusService.Verdicts v = statuses.statusOfEvents(events, since);
        return new Answer(v.now(), v.verdicts());
    }
}
