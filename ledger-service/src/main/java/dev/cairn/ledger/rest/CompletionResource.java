package dev.cairn.ledger.rest;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Names;
import dev.cairn.ledger.service.CompletionQueries;
import dev.cairn.ledger.service.CompletionQueries.Page;
import dev.cairn.ledger.service.ResetService;
import dev.cairn.ledger.store.EventStore.TimelineEntry;
import dev.cairn.ledger.store.ProjectKey;
import dev.cairn.service.ApiException;
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

/** Completion queries, timelines and the explicit reset (DESIGN §4). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class CompletionResource {

    public record ResetRequest(String configId, String stage, String requestedBy) {}

    private final CompletionQueries queries;
    private final ResetService resets;

    CompletionResource(CompletionQueries queries, ResetService resets) {
        this.queries = queries;
        this.resets = resets;
    }

    @GET
    @Path("/completions")
    public Page<CompletionRecorded> completions(
            @QueryParam("pipeline") String pipeline,
            @QueryParam("config_id") String configId,
            @QueryParam("level") String level,
            @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("100") int limit)
            throws SQLException {
        if (pipeline == null) {
            throw ApiException.badRequest("query parameter 'pipeline' is required");
        }
        name("pipeline", pipeline);
        if (configId != null) {
            name("config_id", configId);
        }
        return queries.completions(pipeline, configId, level, after, limit(limit, 1000));
    }

    @GET
    @Path("/completions/{pipeline}/{project}")
    public CompletionRecorded completion(
            @PathParam("pipeline") String pipeline,
            @PathParam("project") String project,
            @QueryParam("config_id") @DefaultValue("default") String configId)
            throws SQLException {
        return queries.completion(key(pipeline, project, configId));
    }

    @GET
    @Path("/completions/{pipeline}/{project}/timeline")
    public Page<TimelineEntry> timeline(
            @PathParam("pipeline") String pipeline,
            @PathParam("project") String project,
            @QueryParam("config_id") @DefaultValue("default") String configId,
            @QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("1000") int limit)
            throws SQLException {
        return queries.timeline(key(pipeline, project, configId), after, limit(limit, 10_000));
    }

    @POST
    @Path("/completions/{pipeline}/{project}/reset")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionRecorded reset(
            @PathParam("pipeline") String pipeline, @PathParam("project") String project, ResetRequest body) {
        String configId = body == null || body.configId() == null ? Names.DEFAULT_CONFIG_ID : body.configId();
        String stage = body == null ? null : body.stage();
        if (stage != null) {
            name("stage", stage);
        }
        return resets.reset(key(pipeline, project, configId), stage, body == null ? null : body.requestedBy());
    }

    @GET
    @Path("/runs/{run_id}")
    public Page<TimelineEntry> run(
            @PathParam("run_id") String runId,
            @QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("1000") int limit)
            throws SQLException {
        name("run_id", runId);
        return queries.run(runId, after, limit(limit, 10_000));
    }

    private static ProjectKey key(String pipeline, String project, String configId) {
        return new ProjectKey(name("pipeline", pipeline), name("project", project), name("config_id", configId));
    }

    private static String name(String field, String value) {
        Names.problem(value).ifPresent(p -> {
            throw ApiException.badRequest(field + " " + p);
        });
        return value;
    }

    private static int limit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw ApiException.badRequest("limit must be between 1 and " + max + " (got " + limit + ")");
        }
        return limit;
    }
}
