package dev.cairn.ledger.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.Problem;
import dev.cairn.contracts.RejectReason;
import dev.cairn.contracts.StageEventValidator;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.lineage.LineageIntake;
import dev.cairn.ledger.lineage.Mapping;
import dev.cairn.ledger.lineage.UnmappedRuns;
import dev.cairn.ledger.service.BatchRejectedException;
import dev.cairn.ledger.service.LedgerService;
import dev.cairn.ledger.service.LedgerService.Submission;
import dev.cairn.ledger.service.Outcome;
import dev.cairn.service.auth.RequiresScope;
import dev.cairn.service.auth.Scope;
import dev.cairn.service.error.DomainException;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.error.TooLargeException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /api/v1/lineage}, where OpenLineage's HTTP transport posts by default: one RunEvent or an array, mapped
 * ({@link LineageIntake}) and applied through the same path as {@code POST /api/v1/events}, all or nothing. A body
 * that is not a RunEvent 2-0-x (or whose {@code cairn} facet or mapped names are invalid) is a 400 naming the
 * field; unmapped RunEvents are answered {@code unmapped}, counted and listed at {@code GET /api/v1/lineage/unmapped}.
 */
@Path("/api/v1/lineage")
public class LineageResource {

    public record Result(String eventId, String status) {}

    public record Answer(int applied, int duplicates, int unmapped, int ignored, List<Result> results) {}

    public record Unmapped(int count, List<UnmappedRuns.Entry> items) {}

    private final LineageIntake intake;
    private final UnmappedRuns unmappedRuns;
    private final LedgerService ledger;
    private final LedgerConfig config;
    private final ObjectMapper json;

    LineageResource(
            LineageIntake intake,
            UnmappedRuns unmappedRuns,
            LedgerService ledger,
            LedgerConfig config,
            ObjectMapper json) {
        this.intake = intake;
        this.unmappedRuns = unmappedRuns;
        this.ledger = ledger;
        this.config = config;
        this.json = json;
    }

    @POST
    @RequiresScope(Scope.EMIT)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Record OpenLineage RunEvents",
            description = "One RunEvent (spec 2-0-x) or an array. 201 applied, 200 duplicates/unmapped/ignored only, "
                    + "400 not a RunEvent (problems name the fields), 409 conflicting duplicate, 413 too many events, "
                    + "422 undeclared pipeline or stage.")
    public Response ingest(byte[] body) {
        List<JsonNode> events = parse(body);
        List<Mapping> mappings = new ArrayList<>(events.size());
        List<Problem> problems = new ArrayList<>();
        RejectReason worst = null;
        for (int i = 0; i < events.size(); i++) {
            Mapping m = intake.map(events.get(i));
            mappings.add(m);
            if (m.kind() == Mapping.Kind.INVALID) {
                String prefix = events.size() > 1 ? "[" + i + "]" : "";
                m.problems().forEach(p -> problems.add(new Problem(qualified(prefix, p.field()), p.message())));
                worst = worst == null ? m.reason() : worst;
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(worst, problems, events.size() > 1);
        }
        return apply(mappings);
    }

    /** Applies the mapped events in one transaction, then lists the unmapped ones (only once nothing can fail). */
    private Response apply(List<Mapping> mappings) {
        List<Submission> submissions = new ArrayList<>();
        for (Mapping m : mappings) {
            if (m.kind() == Mapping.Kind.MAPPED) {
                submissions.add(new Submission(m.event(), "http:lineage"));
            }
        }
        List<Outcome> outcomes;
        try {
            outcomes = submissions.isEmpty() ? List.of() : ledger.apply(submissions, true);
        } catch (BatchRejectedException e) {
            throw EventResource.refused(e.outcomes(), submissions.size() > 1);
        }
        List<Result> results = new ArrayList<>(mappings.size());
        int applied = 0;
        int next = 0;
        int unmapped = 0;
        for (Mapping m : mappings) {
            switch (m.kind()) {
                case MAPPED -> {
                    Outcome o = outcomes.get(next++);
                    applied += o.status() == Outcome.Status.APPLIED ? 1 : 0;
                    results.add(
                            new Result(o.event().eventId(), o.status().name().toLowerCase(Locale.ROOT)));
                }
                case UNMAPPED -> {
                    unmappedRuns.record(m.unmapped(), "http");
                    unmapped++;
                    results.add(new Result(null, "unmapped"));
                }
                default -> results.add(new Result(null, "ignored"));
            }
        }
        Answer answer = new Answer(
                applied, outcomes.size() - applied, unmapped, mappings.size() - outcomes.size() - unmapped, results);
        return Response.status(applied > 0 ? 201 : 200).entity(answer).build();
    }

    @GET
    @Path("/unmapped")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The last 100 RunEvents that mapped to no Cairn pipeline (this instance, newest first)")
    public Unmapped unmapped() {
        List<UnmappedRuns.Entry> items = unmappedRuns.latest();
        return new Unmapped(items.size(), items);
    }

    private List<JsonNode> parse(byte[] body) {
        StageEventValidator.encodingProblem(body).ifPresent(p -> {
            throw invalid(RejectReason.INVALID_JSON, List.of(p), false);
        });
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            throw invalid(
                    RejectReason.INVALID_JSON, List.of(new Problem("$", "not valid JSON: " + e.getMessage())), false);
        }
        if (node == null || node.isMissingNode()) {
            throw invalid(RejectReason.INVALID_JSON, List.of(new Problem("$", "the body is empty")), false);
        }
        if (!node.isArray()) {
            return List.of(node);
        }
        if (node.isEmpty()) {
            throw invalid(RejectReason.INVALID_EVENT, List.of(new Problem("$", "the array is empty")), false);
        }
        if (node.size() > config.http().maxEvents()) {
            throw new TooLargeException("at most " + config.http().maxEvents() + " RunEvents per request (got "
                    + node.size() + "); split the array or send them through Kafka");
        }
        List<JsonNode> events = new ArrayList<>(node.size());
        node.elements().forEachRemaining(events::add);
        return events;
    }

    private static String qualified(String prefix, String field) {
        if (prefix.isEmpty()) {
            return field;
        }
        return field.equals("$") ? prefix : prefix + "." + field;
    }

    private static DomainException invalid(RejectReason reason, List<Problem> problems, boolean array) {
        String suffix = array ? " (nothing was applied)" : "";
        return switch (reason) {
            case INVALID_JSON ->
                new InvalidRequestException(reason.code(), "the body is not valid JSON" + suffix, problems);
            case PAYLOAD_TOO_LARGE ->
                new TooLargeException("the mapped event would be larger than 256 KiB" + suffix, problems);
            default ->
                new InvalidRequestException(
                        reason.code(),
                        "not a valid OpenLineage RunEvent for Cairn: " + problems.get(0) + suffix,
                        problems);
        };
    }
}
