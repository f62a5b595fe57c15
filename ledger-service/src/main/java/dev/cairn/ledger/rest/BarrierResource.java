package dev.cairn.ledger.rest;

import dev.cairn.ledger.service.FreshnessBarrier;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/v1/barrier?wait_ms=N}: the ledger's half of a {@code fresh=true} read (docs/design.md §6), see
 * {@link FreshnessBarrier}. Answers {@code {"topic": "cairn.completions", "offsets": {"0": 120, ...}, "waited_ms": 4}}.
 */
@Path("/api/v1/barrier")
@Produces(MediaType.APPLICATION_JSON)
public class BarrierResource {

    private final FreshnessBarrier barrier;

    BarrierResource(FreshnessBarrier barrier) {
        this.barrier = barrier;
    }

    @GET
    @Operation(
            summary = "Waits until every event acknowledged so far is on cairn.completions; answers its end offsets",
            description = "Covers events answered 201/200 over HTTP and records the broker acknowledged on "
                    + "cairn.stage-events before the call. wait_ms bounds the wait (default 10000, at most 60000); "
                    + "past it 503 not_fresh with Retry-After and what was still behind. A reader that has consumed "
                    + "cairn.completions up to the answered offsets reflects all those events.")
    public FreshnessBarrier.Fresh barrier(
            @QueryParam("wait_ms") @DefaultValue("10000") @Min(0) @Max(60_000) long waitMs) {
        return barrier.await(Duration.ofMillis(waitMs));
    }
}
