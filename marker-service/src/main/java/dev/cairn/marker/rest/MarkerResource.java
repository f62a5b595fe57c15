package dev.cairn.marker.rest;

import dev.cairn.contracts.Problem;
import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.marker.service.MarkerLifecycle;
import dev.cairn.marker.service.MarkerListing;
import dev.cairn.marker.service.MarkerRules;
import dev.cairn.marker.service.RetentionSweep;
import dev.cairn.service.auth.RequiresScope;
import dev.cairn.service.auth.Scope;
import dev.cairn.service.error.DependencyFailedException;
import dev.cairn.service.error.ErrorMapper;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.error.UnavailableException;
import dev.cairn.service.validation.CairnName;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
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

    /** The names are checked before any S3 call: a name outside the rule could escape the project's prefix. */
    @GET
    @Path("/{pipeline}/{project}")
    public FolderListResponse folders(
            @PathParam("pipeline") @CairnName String pipeline, @PathParam("project") @CairnName String project) {
        return new FolderListResponse(
                pipeline,
                project,
                config.bucket(),
                rules.templateFor(pipeline).text(),
                listing.folders(pipeline, project));
    }

    @POST
    @RequiresScope(Scope.ADMIN)
    @Path("/lifecycle")
    public LifecycleResponse applyLifecycle() {
        return LifecycleResponse.of(lifecycle.apply());
    }

    @POST
    @RequiresScope(Scope.ADMIN)
    @Path("/retention/sweep")
    public RetentionSweep.Report sweep(
            @QueryParam("dry_run") String dryRun, @QueryParam("older_than_days") @Min(1) Integer days) {
        Integer limit = days != null
                ? days
                : config.retention().days().isPresent()
                        ? config.retention().days().getAsInt()
                        : null;
        if (limit == null) {
            throw new InvalidRequestException(
                    "missing_parameter",
                    "older_than_days is required (cairn.marker.retention.days is not set)",
                    List.of(new Problem("older_than_days", "is required")));
        }
        return retention.sweep(limit, dryRun(dryRun));
    }

    /** Deleting needs {@code dry_run=false} spelled out: absent is a dry run, anything but true/false is refused. */
    static boolean dryRun(String value) {
        if (value == null || value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw new InvalidRequestException(
                "bad_request",
                "dry_run must be true or false (absent: true)",
                List.of(new Problem("dry_run", "must be true or false")));
    }

    /** S3 not reachable from this service: the call may work later. */
    @ServerExceptionMapper
    public Response s3Unreachable(SdkClientException e) {
        return ErrorMapper.toResponse(new UnavailableException(
                "s3_unavailable",
                "the S3 server of bucket " + config.bucket() + " cannot be reached: " + e.getMessage()));
    }

    /** S3 answered with an error: unavailable when it is the server's (5xx), else refused for good. */
    @ServerExceptionMapper
    public Response s3Failed(S3Exception e) {
        String code = e.awsErrorDetails() == null
                ? String.valueOf(e.statusCode())
                : e.awsErrorDetails().errorCode();
        String message = "S3 answered " + e.statusCode() + " " + code + " for bucket " + config.bucket();
        return ErrorMapper.toResponse(
                e.statusCode() >= 500
                        ? new UnavailableException("s3_error", message)
                        : new DependencyFailedException("s3_error", message));
    }
}
