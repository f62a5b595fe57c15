package dev.cairn.planner.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.planner.metrics.RequestTimers;
import dev.cairn.planner.service.PlanResult;
import dev.cairn.planner.service.PlanService;
import dev.cairn.service.auth.RequiresScope;
import dev.cairn.service.auth.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /api/v1/plan} (docs/design.md §6). The answer is streamed (a million names make a 100 MB answer). Timed as
 * {@code cairn.planner.compute{endpoint=plan}} (until the answer is computed) and {@code cairn.planner.request} (until
 * its last byte is written), see {@link RequestTimers}.
 */
@Path("/api/v1/plan")
public class PlanResource {

    private final PlanService plans;
    private final PlanRequestReader reader;
    private final PlanResponseWriter writer;
    private final Timer timer;
    private final Timer computeTimer;

    public PlanResource(PlanService plans, ObjectMapper mapper, BodyLimits limits, MeterRegistry registry) {
        this.plans = plans;
        this.reader = new PlanRequestReader(mapper.getFactory(), limits);
        this.writer = new PlanResponseWriter(mapper.getFactory());
        this.timer = RequestTimers.timer(registry, "plan");
        this.computeTimer = RequestTimers.computeTimer(registry, "plan");
    }

    @POST
    @RequiresScope(Scope.READ)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Which of the given projects run, which are skipped, and which stages each run skips",
            description =
                    "Body: {\"pipeline\", \"config_id\" (default 'default'), \"skip_if_complete\" ('none' (default), "
                            + "a stage name, or 'both'), \"projects\": [names]}. fresh=true waits (bounded) for the view to reach "
                            + "the end of cairn.completions first.")
    public Response plan(InputStream body, @QueryParam("fresh") boolean fresh) throws IOException {
        long start = System.nanoTime();
        PlanRequestReader.PlanRequest request = reader.read(body);
        PlanResult result =
                plans.plan(request.pipeline(), request.configId(), request.skipIfComplete(), request.projects(), fresh);
        computeTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        StreamingOutput json = out -> {
            writer.write(result, out);
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        };
        return ViewHeaders.add(Response.ok(json, MediaType.APPLICATION_JSON_TYPE), result.stamp, result.warnings)
                .header("Cairn-Requested", result.requested())
                .header("Cairn-To-Run", result.toRun())
                .header("Cairn-Skipped", result.skipped())
                .build();
    }
}
