package dev.cairn.marker.rest;

import dev.cairn.contracts.Names;
import dev.cairn.contracts.Problem;
import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.marker.service.MarkerLifecycle;
import dev.cairn.marker.service.MarkerListing;
import dev.cairn.marker.service.MarkerRules;
import dev.cairn.marker.service.RetentionSweep;
import dev.cairn.service.ApiError;
import dev.cairn.service.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The marker HTTP API: list a project's folders, apply the lifecycle rule, run a retention sweep on demand. */
@Path("/api/v1/markers")
@Produces(MediaType.APPLICATION_JSON)
public class MarkerResource {

    private final MarkerListing listing;
    private final MarkerLifecycle lifecycle;
    private final RetentionSweep retention;
    private final MarkerRules rules;
    private final MarkerConfig config;

    MarkerResource(
            MarkerListing listing,
            MarkerLifecycle lifecycle,
            RetentionSweep retention,
            MarkerRules rules,
            MarkerConfig config) {
        this.listing = listing;
        this.lifecycle = lifecycle;
        this.retention = retention;
        this.rules = rules;
        this.config = config;
    }

    @GET
    @Path("/{pipeline}/{project}")
    public Map<String, Object> folders(@PathParam("pipeline") String pipeline, @PathParam("project") String project) {
        List<Problem> problems = new ArrayList<>();
        Names.problem(pipeline).ifPresent(r -> problems.add(new Problem("pipeline", "pipeline " + r)));
        Names.problem(project).ifPresent(r -> problems.add(new Problem("project", "project " + r)));
        if (!problems.isEmpty()) {
            throw new ApiException(400, "invalid_name", problems.get(0).message(), problems);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pipeline", pipeline);
        answer.put("project", project);
        answer.put("bucket", config.bucket());
        answer.put("template", rules.templateFor(pipeline).text());
        answer.put("folders", listing.folders(pipeline, project));
        return answer;
    }

    @POST
    @Path("/lifecycle")
    public Map<String, Object> applyLifecycle() {
        return lifecycle.apply();
    }

    @POST
    @Path("/retention/sweep")
    public RetentionSweep.Report sweep(
            @QueryParam("dry_run") boolean dryRun, @QueryParam("older_than_days") Integer days) {
        Integer limit = days != null
                ? days
                : config.retention().days().isPresent()
                        ? config.retention().days().getAsInt()
                        : null;
        if (limit == null) {
            throw new ApiException(
                    400,
                    "missing_parameter",
                    "older_than_days is required (cairn.marker.retention.days is not set)",
                    List.of(new Problem("older_than_days", "is required")));
        }
        if (limit < 1) {
            throw new ApiException(
                    400,
                    "invalid_parameter",
                    "older_than_days must be at least 1, not " + limit,
                    List.of(new Problem("older_than_days", "must be at least 1")));
        }
        return retention.sweep(limit, dryRun);
    }

    @ServerExceptionMapper
    public Response s3Unreachable(SdkClientException e) {
        return error(
                503,
                "s3_unavailable",
                "the S3 server of bucket " + config.bucket() + " cannot be reached: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response s3Failed(S3Exception e) {
        String code = e.awsErrorDetails() == null
                ? String.valueOf(e.statusCode())
                : e.awsErrorDetails().errorCode();
        return error(
                e.statusCode() >= 500 ? 503 : 502,
                "s3_error",
                "S3 answered " + e.statusCode() + " " + code + " for bucket " + config.bucket());
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiError.of(code, message))
                .build();
    }
}
