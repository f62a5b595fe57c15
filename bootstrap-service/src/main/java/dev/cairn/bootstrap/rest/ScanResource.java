package dev.cairn.bootstrap.rest;

import dev.cairn.bootstrap.service.ScanRequest;
import dev.cairn.bootstrap.service.ScanService;
import dev.cairn.bootstrap.service.ScanView;
import dev.cairn.bootstrap.store.ScanRecord;
import dev.cairn.service.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code /api/v1/scans}: start a scan of S3 for sentinel products, follow it, cancel it, read its completion-log entries. */
@Path("/api/v1/scans")
@Produces(MediaType.APPLICATION_JSON)
public class ScanResource {

    public static final String NDJSON = "application/x-ndjson";
    private static final Set<String> STATES = Set.of("queued", "listing", "emitting", "completed", "failed", "cancelled");

    private final ScanService scans;

    ScanResource(ScanService scans) {
        this.scans = scans;
    }

    /** Starts a scan (asynchronous): 202 with the scan and its Location. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(ScanRequest request, @Context UriInfo uri) {
        ScanView scan = scans.start(request);
        return Response.accepted(scan).location(uri.getAbsolutePathBuilder().path(scan.id().toString()).build()).build();
    }

    /** Scans, newest first; {@code state} filters, {@code limit} 1..500. */
    @GET
    public List<ScanView> list(@QueryParam("state") String state, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (state != null && !STATES.contains(state)) {
            throw ApiException.badRequest("state must be one of " + STATES + ", got '" + state + "'");
        }
        if (limit < 1 || limit > 500) {
            throw ApiException.badRequest("limit must be between 1 and 500, got " + limit);
        }
        return scans.list(state, limit);
    }

    @GET
    @Path("/{id}")
    public ScanView get(@PathParam("id") String id) {
        return scans.get(parse(id));
    }

    /** Cancels an active scan (the matches found so far stay readable in its progress, never as entries). */
    @DELETE
    @Path("/{id}")
    public ScanView cancel(@PathParam("id") String id) {
        return scans.cancel(parse(id));
    }

    /** The completion log the seed's script would write for this scan (JSON Lines); 409 until the scan is completed. */
    @GET
    @Path("/{id}/entries")
    @Produces({NDJSON, MediaType.APPLICATION_JSON})
    public Response entries(@PathParam("id") String id) {
        ScanRecord scan = scans.completed(parse(id));
        StreamingOutput body = out -> scans.writeEntries(scan, out);
        return Response.ok(body, NDJSON).build();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no scan " + id + " (scan ids are UUIDs)");
        }
    }
}
