package dev.cairn.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Problem;
import dev.cairn.service.auth.RequiresScope;
import dev.cairn.service.auth.Scope;
import dev.cairn.service.error.ConflictException;
import dev.cairn.service.error.DependencyFailedException;
import dev.cairn.service.error.ForbiddenException;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.error.NotFoundException;
import dev.cairn.service.error.NotSupportedException;
import dev.cairn.service.error.TooLargeException;
import dev.cairn.service.error.UnavailableException;
import dev.cairn.service.error.UnprocessableException;
import dev.cairn.service.validation.CairnName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A resource of the test application only: it fails in each way service-support maps, and validates parameters. */
@Path("/api/probe")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    public record Echo(String pipeline, String configId, int limit, Instant checkedAt) {}

    /** A record holding a Jackson tree, like a stage event's {@code metrics}. */
    public record Measured(String eventId, ObjectNode metrics) {}

    public record Declaration(
            @NotNull @CairnName String pipeline, @CairnName String configId, List<@CairnName String> stages) {}

    @GET
    @Path("/fail/{kind}")
    public String fail(@PathParam("kind") String kind) {
        List<Problem> problems = List.of(new Problem("field", "is wrong"));
        throw switch (kind) {
            case "invalid" -> new InvalidRequestException("invalid_thing", "the thing is invalid", problems);
            case "forbidden" -> new ForbiddenException("you may not");
            case "not_found" -> new NotFoundException("no such thing");
            case "conflict" -> new ConflictException("thing_conflict", "the thing changed", problems);
            case "too_large" -> new TooLargeException("at most 1 byte");
            case "unprocessable" -> new UnprocessableException("invalid_event", "the event is invalid", problems);
            case "not_supported" -> new NotSupportedException("lifecycle_not_supported", "not here");
            case "dependency" -> new DependencyFailedException("s3_error", "S3 said no");
            case "unavailable" -> new UnavailableException("s3_unavailable", "S3 is down", Duration.ofMillis(2500));
            case "unavailable_default" -> new UnavailableException("view_not_ready", "still loading");
            case "sql_data" ->
                new IllegalStateException(
                        new SQLException("ERROR: date/time field value out of range: \"0000-01-01\"", "22008"));
            case "sql_other" -> new IllegalStateException(new SQLException("ERROR: deadlock detected", "40P01"));
            default -> new IllegalStateException("boom: a bug with a secret stack trace");
        };
    }

    /** A checked database error as JDBC code throws it: {@code 22P02} is "invalid text representation". */
    @GET
    @Path("/sql/{state}")
    public String sql(@PathParam("state") String state) throws SQLException {
        throw new SQLException("ERROR: invalid input syntax", state);
    }

    @GET
    @Path("/names/{pipeline}")
    public Echo names(
            @PathParam("pipeline") @CairnName String pipeline,
            @QueryParam("config_id") @DefaultValue("default") @CairnName String configId,
            @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(100) int limit) {
        return new Echo(pipeline, configId, limit, Instant.parse("2024-01-15T10:30:00Z"));
    }

    @GET
    @Path("/measured")
    public Measured measured() {
        return new Measured("e-1", JsonNodeFactory.instance.objectNode().put("rows_processed", 15000));
    }

    @GET
    @Path("/required")
    public String required(@QueryParam("pipeline") @NotNull @CairnName String pipeline) {
        return pipeline;
    }

    @POST
    @Path("/emit")
    @RequiresScope(Scope.EMIT)
    public String emit() {
        return "emitted";
    }

    @POST
    @Path("/declarations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Declaration declare(@Valid Declaration body) {
        return body;
    }

    @jakarta.inject.Inject
    dev.cairn.service.error.BodyLimitAnswer limits;

    /** Reads its body through the route's limit ({@code cairn.http.route-body-limits}: 1 KiB here) and counts it. */
    @POST
    @Path("/small")
    @Consumes(MediaType.WILDCARD)
    public String small(java.io.InputStream body) throws java.io.IOException {
        return Integer.toString(limits.read("/api/probe/small", body).length);
    }
}
