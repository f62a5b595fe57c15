package dev.cairn.ledger.rest;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Names;
import dev.cairn.ledger.domain.ProjectKey;
import dev.cairn.ledger.service.CompletionQueries;
import dev.cairn.ledger.service.ResetService;
import dev.cairn.service.auth.RequiresScope;
import dev.cairn.service.auth.Scope;
import dev.cairn.service.validation.CairnName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.function.Function;

/** Completion queries, timelines and the explicit reset. Parameters are checked by their constraints (400). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class CompletionResource {

    public record ResetRequest(
            @CairnName String configId,
            @CairnName String stage,

            @Size(max = MAX_REQUESTED_BY, message = "must be at most 200 characters")
            String requestedBy) {}

    /** {@code requested_by} is recorded in the history and published: a name or a sentence, not a document. */
    static final int MAX_REQUESTED_BY = 200;

    private final CompletionQueries queries;
    private final ResetService resets;

    CompletionResource(CompletionQueries queries, ResetService resets) {
        this.queries = queries;
        this.resets = resets;
    }

    @GET
    @Path("/completions")
    public PageResponse<CompletionRecorded> completions(
            @QueryParam("pipeline") @NotNull(message = "is required") @CairnName String pipeline,
            @QueryParam("config_id") @CairnName String configId,
            @QueryParam("level") String level,
            @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit)
            throws SQLException {
        return PageResponse.of(queries.completions(pipeline, configId, level, after, limit), Function.identity());
    }

    @GET
    @Path("/completions/{pipeline}/{project}")
    public CompletionRecorded completion(
            @PathParam("pipeline") @CairnName String pipeline,
            @PathParam("project") @CairnName String project,
            @QueryParam("config_id") @DefaultValue(Names.DEFAULT_CONFIG_ID) @CairnName String configId)
            throws SQLException {
        return queries.completion(new ProjectKey(pipeline, project, configId));
    }

    @GET
    @Path("/completions/{pipeline}/{project}/timeline")
    public PageResponse<TimelineEntryResponse> timeline(
            @PathParam("pipeline") @CairnName String pipeline,
            @PathParam("project") @CairnName String project,
            @QueryParam("config_id") @DefaultValue(Names.DEFAULT_CONFIG_ID) @CairnName String configId,
            @QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(10_000) int limit)
            throws SQLException {
        return PageResponse.of(
                queries.timeline(new ProjectKey(pipeline, project, configId), after, limit), TimelineEntryResponse::of);
    }

    @POST
    @RequiresScope(Scope.ADMIN)
    @Path("/completions/{pipeline}/{project}/reset")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionRecorded reset(
            @PathParam("pipeline") @CairnName String pipeline,
            @PathParam("project") @CairnName String project,
            @Valid ResetRequest body) {
        String configId = body == null || body.configId() == null ? Names.DEFAULT_CONFIG_ID : body.configId();
        String stage = body == null ? null : body.stage();
        return resets.reset(
                new ProjectKey(pipeline, project, configId), stage, body == null ? null : body.requestedBy());
    }
}
