package dev.cairn.bootstrap.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.cairn.bootstrap.scan.ScanRequest;
import dev.cairn.bootstrap.scan.ScanService;
import dev.cairn.bootstrap.scan.ScanView;
import dev.cairn.bootstrap.store.ScanRecord;
import dev.cairn.contracts.Problem;
import dev.cairn.service.error.BodyLimitAnswer;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.error.NotFoundException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** {@code /api/v1/scans}: start a scan of S3 for sentinel products, follow it, cancel it, read its completion-log entries. */
@Path(ScanResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class ScanResource {

    static final String PATH = "/api/v1/scans";
    public static final String NDJSON = "application/x-ndjson";
    private static final String STATES =
            "queued|listing|emitting|confirming|completed|completed_with_problems|failed|cancelled";

    private final ScanService scans;
    private final ObjectReader strict;
    private final BodyLimitAnswer limits;

    ScanResource(ScanService scans, ObjectMapper json, BodyLimitAnswer limits) {
        this.scans = scans;
        this.limits = limits;
        this.strict = json.readerFor(ScanRequest.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Starts a scan (asynchronous): 202 with the scan and its Location. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = ScanRequest.class)))
                    InputStream body,
            @Context UriInfo uri)
            throws IOException {
        // at most cairn.http.route-body-limits' /api/v1/scans (64 KiB), also for a body without a Content-Length
        String text = new String(limits.read(PATH, body), StandardCharsets.UTF_8);
        ScanView scan = scans.start(parse(text));
        return Response.accepted(scan)
                .location(
                        uri.getAbsolutePathBuilder().path(scan.id().toString()).build())
                .build();
    }

    /** Scans, newest first; {@code state} filters, {@code limit} 1..500. */
    @GET
    public List<ScanView> list(
            @QueryParam("state") @Pattern(regexp = STATES, message = "must be one of " + STATES) String state,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return scans.list(state, limit);
    }

    @GET
    @Path("/{id}")
    public ScanView get(@PathParam("id") String id) {
        return scans.get(parseId(id));
    }

    /** Cancels an active scan (the matches found so far stay readable in its progress, never as entries). */
    @DELETE
    @Path("/{id}")
    public ScanView cancel(@PathParam("id") String id) {
        return scans.cancel(parseId(id));
    }

    /** The completion log the seed's script would write for this scan (JSON Lines); 409 until the scan is completed. */
    @GET
    @Path("/{id}/entries")
    @Produces({NDJSON, MediaType.APPLICATION_JSON})
    public Response entries(@PathParam("id") String id) {
        ScanRecord scan = scans.completed(parseId(id));
        StreamingOutput body = out -> scans.writeEntries(scan, out);
        return Response.ok(body, NDJSON).build();
    }

    /** Strict on unknown fields: a misspelt {@code sentinels} must not silently become the default patterns. */
    private ScanRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException(
                    "invalid_scan",
                    "the body is missing; send a JSON scan request",
                    List.of(new Problem("$", "is missing")));
        }
        try {
            return strict.readValue(body);
        } catch (UnrecognizedPropertyException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse(e.getPropertyName());
            throw new InvalidRequestException(
                    "invalid_scan",
                    "unknown field '" + field + "'",
                    List.of(new Problem(
                            field, "is not a field of a scan request (known: " + e.getKnownPropertyIds() + ")")));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(
                    "invalid_json",
                    "the body is not a valid scan request: " + e.getOriginalMessage(),
                    List.of(new Problem("$", e.getOriginalMessage())));
        }
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no scan " + id + " (scan ids are UUIDs)");
        }
    }
}
