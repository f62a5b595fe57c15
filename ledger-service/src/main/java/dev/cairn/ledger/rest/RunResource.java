package dev.cairn.ledger.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Problem;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.service.CompletionQueries;
import dev.cairn.ledger.service.ProcessingStateExport;
import dev.cairn.ledger.service.ProcessingStateImport;
import dev.cairn.ledger.service.RunFinisher;
import dev.cairn.ledger.service.RunItemService;
import dev.cairn.ledger.service.RunRequest;
import dev.cairn.ledger.service.RunService;
import dev.cairn.ledger.service.RunView;
import dev.cairn.service.auth.RequiresScope;
import dev.cairn.service.auth.Scope;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.validation.CairnName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Runs and their items (docs/design.md, "Runs and items"): start or resume a run, record item statuses, ask which
 * candidates remain, export or import the document's {@code processing_state.json}, finish the run.
 */
@Path("/api/v1/runs")
public class RunResource {

    public static final String NDJSON = "application/x-ndjson";

    /** {@code POST /api/v1/runs/{id}/finish}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Finish(String status, String error) {}

    private final RunService runs;
    private final RunItemService items;
    private final RunFinisher finisher;
    private final ProcessingStateExport export;
    private final ProcessingStateImport importer;
    private final LedgerConfig config;
    private final CompletionQueries queries;

    RunResource(
            RunService runs,
            RunItemService items,
            RunFinisher finisher,
            ProcessingStateExport export,
            ProcessingStateImport importer,
            LedgerConfig config,
            CompletionQueries queries) {
        this.queries = queries;
        this.runs = runs;
        this.items = items;
        this.finisher = finisher;
        this.export = export;
        this.importer = importer;
        this.config = config;
    }

    @POST
    @RequiresScope(Scope.EMIT)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Start, resume or force a run",
            description =
                    "Neither flag: a new run (201). resume: the latest unfinished run of the key (200), else a "
                            + "new one (201). run_id: that run, created if absent. force: a new run ignoring earlier state. "
                            + "resume + force: the same run with its item statuses cleared (kept in the history). A resumed "
                            + "run whose fingerprint differs is refused: 409 fingerprint_changed with one problem per difference.")
    public Response start(RunRequest request) {
        if (request == null) {
            throw new InvalidRequestException(
                    "invalid_request",
                    "the body is empty: send {pipeline, project, stage," + " fingerprint}",
                    List.of());
        }
        RunService.Started started = runs.start(request);
        return Response.status(started.created() ? 201 : 200).entity(started).build();
    }

    @GET
    @Path("{id}")
    @RequiresScope(Scope.READ)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "A run: its stage events, and for a run started here its stats and progress",
            description = "items/next: the run's stage events, keyset-paged. For a run of POST /api/v1/runs also: "
                    + "key, fingerprint, state, total_items, processed, success, errors, not_found, skipped, the "
                    + "progress string \"32000/55000 (150 errors)\", started, last_updated and stale.")
    public ObjectNode get(
            @PathParam("id") @CairnName String id,
            @QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10_000) int limit)
            throws SQLException {
        ObjectNode out =
                Json.mapper().valueToTree(PageResponse.of(queries.run(id, after, limit), TimelineEntryResponse::of));
        runs.find(id).ifPresent(view -> out.setAll((ObjectNode) Json.mapper().valueToTree(view)));
        return out;
    }

    @POST
    @Path("{id}/items")
    @RequiresScope(Scope.EMIT)
    @Consumes({NDJSON, MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Record item statuses (NDJSON)",
            description = "One {item, status: success|error|not_found|skipped, output?, error?, at?} per line, at most "
                    + "10,000 lines. Idempotent; a later success replaces an error; an error never replaces a "
                    + "success unless the run was forced. Any bad line refuses the body (422, problems by line).")
    public RunItemService.Recorded items(@PathParam("id") String id, byte[] body) {
        return items.record(id, NdjsonItems.parse(body == null ? new byte[0] : body));
    }

    @POST
    @Path("{id}/remaining")
    @RequiresScope(Scope.READ)
    @Consumes({MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(
            summary = "The candidates not yet successful, in input order",
            description = "One candidate name per line in, the remaining ones out. retry_errors=false leaves out the "
                    + "items in error; verify_outputs=true HEADs each s3:// output of a successful item and counts "
                    + "a missing one as remaining. Header Cairn-Answered-From: index (the in-memory index at the "
                    + "database's current items version), index-built (the run read into the index first) or database.")
    public Response remaining(
            @PathParam("id") String id,
            @QueryParam("retry_errors") @DefaultValue("true") boolean retryErrors,
            @QueryParam("verify_outputs") @DefaultValue("false") boolean verifyOutputs,
            byte[] body)
            throws SQLException {
        long t0 = System.nanoTime();
        List<String> candidates = NdjsonItems.names(
                body == null ? new byte[0] : body, config.runs().maxCandidates());
        RunItemService.Remaining answer = items.remaining(id, candidates, retryErrors, verifyOutputs);
        List<String> remaining = answer.names();
        StringBuilder out = new StringBuilder(remaining.size() * 32);
        remaining.forEach(n -> out.append(n).append('\n'));
        return Response.ok(out.toString().getBytes(StandardCharsets.UTF_8))
                .header("Cairn-Candidates", candidates.size())
                .header("Cairn-Remaining", remaining.size())
                .header("Cairn-Answered-From", answer.from())
                .header(
                        "Server-Timing",
                        String.format(java.util.Locale.ROOT, "app;dur=%.1f", (System.nanoTime() - t0) / 1e6))
                .build();
    }

    @GET
    @Path("{id}/processing_state.json")
    @RequiresScope(Scope.READ)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The run as the document's processing_state.json")
    public Response exportState(@PathParam("id") String id) throws SQLException {
        runs.view(id); // 404 before the stream starts
        StreamingOutput body = out -> export.write(id, out);
        return Response.ok(body).build();
    }

    @POST
    @Path("import")
    @RequiresScope(Scope.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Seed a run from a processing_state.json",
            description =
                    "Query: pipeline, project, config_id?, stage, run_id?. Malformed entries are reported by JSON "
                            + "path and left out; the rest is imported (201).")
    public Response importState(
            @QueryParam("pipeline") String pipeline,
            @QueryParam("project") String project,
            @QueryParam("config_id") String configId,
            @QueryParam("stage") String stage,
            @QueryParam("run_id") String runId,
            byte[] body) {
        JsonNode doc;
        try {
            doc = Json.mapper().readTree(body == null ? new byte[0] : body);
        } catch (IOException e) {
            throw new InvalidRequestException(
                    "invalid_json",
                    "the body is not valid JSON",
                    List.of(new Problem("$", String.valueOf(e.getMessage()))));
        }
        ProcessingStateImport.Imported imported =
                importer.importState(new ProcessingStateImport.Target(pipeline, project, configId, stage, runId), doc);
        return Response.status(201).entity(imported).build();
    }

    @POST
    @Path("{id}/finish")
    @RequiresScope(Scope.EMIT)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Finish a run",
            description = "{status: completed|failed, error?}: emits the project's stage.completed or stage.failed "
                    + "(run id = the run, item counts as metrics) through the ledger, with the run's new state.")
    public RunView finish(@PathParam("id") String id, Finish finish) {
        return finisher.finish(id, finish == null ? null : finish.status(), finish == null ? null : finish.error());
    }
}
