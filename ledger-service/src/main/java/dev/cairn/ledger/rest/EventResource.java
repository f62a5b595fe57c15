package dev.cairn.ledger.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.Problem;
import dev.cairn.contracts.RejectReason;
import dev.cairn.contracts.StageEventValidator;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.service.BatchRejectedException;
import dev.cairn.ledger.service.LedgerService;
import dev.cairn.ledger.service.LedgerService.Submission;
import dev.cairn.ledger.service.Outcome;
import dev.cairn.service.auth.RequiresScope;
import dev.cairn.service.auth.Scope;
import dev.cairn.service.error.ConflictException;
import dev.cairn.service.error.DomainException;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.error.TooLargeException;
import dev.cairn.service.error.UnprocessableException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /api/v1/events}: one StageEvent or an array, applied through the same path as Kafka and answered
 * after commit. All or nothing: if any event is invalid, unknown or a conflicting duplicate, nothing is applied.
 */
@Path("/api/v1/events")
public class EventResource {

    public record Result(String eventId, String status) {}

    public record Answer(int applied, int duplicates, List<Result> results) {}

    private final StageEventValidator validator = new StageEventValidator();
    private final LedgerService ledger;
    private final LedgerConfig config;
    private final ObjectMapper json;

    EventResource(LedgerService ledger, LedgerConfig config, ObjectMapper json) {
        this.ledger = ledger;
        this.config = config;
        this.json = json;
    }

    @POST
    @RequiresScope(Scope.EMIT)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Record stage events",
            description =
                    "201 applied, 200 duplicate of a recorded event, 409 same event_id "
                            + "with another payload, 400 not JSON, 413 over 256 KiB, 422 invalid or undeclared pipeline/stage, 401 without token.")
    public Response ingest(byte[] body) throws IOException {
        List<Submission> events = parse(body);
        List<Outcome> outcomes;
        try {
            outcomes = ledger.apply(events, true);
        } catch (BatchRejectedException e) {
            throw refused(e.outcomes(), events.size() > 1);
        }
        List<Result> results = outcomes.stream()
                .map(o -> new Result(o.event().eventId(), o.status().name().toLowerCase()))
                .toList();
        int applied = (int) outcomes.stream()
                .filter(o -> o.status() == Outcome.Status.APPLIED)
                .count();
        return Response.status(applied > 0 ? 201 : 200)
                .entity(new Answer(applied, outcomes.size() - applied, results))
                .build();
    }

    private List<Submission> parse(byte[] body) throws IOException {
        StageEventValidator.Result single =
                body.length > 0 && firstNonBlank(body) == '[' ? null : validator.validate(body);
        if (single != null) {
            if (!single.valid()) {
                throw invalid(single.reason(), single.problems(), "");
            }
            return List.of(new Submission(single.event(), "http"));
        }
        StageEventValidator.encodingProblem(body).ifPresent(p -> {
            throw invalid(RejectReason.INVALID_JSON, List.of(p), "");
        });
        JsonNode array;
        try {
            array = json.readTree(body);
        } catch (IOException e) {
            throw invalid(
                    RejectReason.INVALID_JSON, List.of(new Problem("$", "not valid JSON: " + e.getMessage())), "");
        }
        if (array.isEmpty()) {
            throw new UnprocessableException("invalid_event", "the array is empty: send at least one event", List.of());
        }
        if (array.size() > config.http().maxEvents()) {
            throw new TooLargeException("at most " + config.http().maxEvents() + " events per request (got "
                    + array.size() + "); split the array or send them through Kafka");
        }
        List<Submission> events = new ArrayList<>(array.size());
        List<Problem> problems = new ArrayList<>();
        RejectReason worst = null;
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            byte[] bytes = element.toString().getBytes(StandardCharsets.UTF_8);
            StageEventValidator.Result r = bytes.length > StageEventValidator.MAX_BYTES
                    ? validator.validate(bytes)
                    : validator.validate(element);
            if (r.valid()) {
                events.add(new Submission(r.event(), "http"));
            } else {
                String prefix = "[" + i + "]";
                r.problems()
                        .forEach(p -> problems.add(
                                new Problem(p.field().equals("$") ? prefix : prefix + "." + p.field(), p.message())));
                worst = worst == null ? r.reason() : worst;
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(worst, problems, " (nothing was applied)");
        }
        return events;
    }

    private static int firstNonBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b;
            }
        }
        return -1;
    }

    private static DomainException invalid(RejectReason reason, List<Problem> problems, String suffix) {
        return switch (reason) {
            case INVALID_JSON ->
                new InvalidRequestException(reason.code(), "the body is not valid JSON" + suffix, problems);
            case PAYLOAD_TOO_LARGE -> new TooLargeException("an event is larger than 256 KiB" + suffix, problems);
            default ->
                new UnprocessableException(
                        reason.code(), "the event is invalid: " + problems.get(0) + suffix, problems);
        };
    }

    /** The 409 or 422 of a batch the ledger refused, each problem named by its item ({@code [i].field} in arrays). */
    static DomainException refused(List<Outcome> outcomes, boolean array) {
        List<Problem> problems = new ArrayList<>();
        boolean conflict = false;
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            if (o != null && o.rejected()) {
                conflict |= o.reason() == RejectReason.CONFLICTING_DUPLICATE;
                String field = o.reason() == RejectReason.CONFLICTING_DUPLICATE
                        ? "event_id"
                        : o.reason() == RejectReason.UNKNOWN_PIPELINE ? "pipeline" : "stage";
                problems.add(new Problem(array ? "[" + i + "]." + field : field, o.detail()));
            }
        }
        RejectReason first = outcomes.stream()
                .filter(o -> o != null && o.rejected())
                .findFirst()
                .orElseThrow()
                .reason();
        String message = problems.get(0).message() + (outcomes.size() > 1 ? " (nothing was applied)" : "");
        return conflict
                ? new ConflictException(RejectReason.CONFLICTING_DUPLICATE.code(), message, problems)
                : new UnprocessableException(first.code(), message, problems);
    }
}
