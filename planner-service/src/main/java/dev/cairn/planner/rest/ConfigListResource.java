package dev.cairn.planner.rest;

import dev.cairn.planner.metrics.RequestTimers;
import dev.cairn.planner.service.ConfigListService;
import dev.cairn.service.auth.RequiresScope;
import dev.cairn.service.auth.Scope;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.validation.CairnName;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /api/v1/plan/config-list}: prints exactly what the seed's {@code generate_remaining_configs.py} prints
 * for the same completion log. The body is the config list in UTF-8 (as the script reads it); the counts are in
 * {@code Cairn-Entries}, {@code Cairn-Remaining}, {@code Cairn-Skipped} and {@code Cairn-Completed} (the script's
 * "N remaining, M completed").
 */
@Path("/api/v1/plan/config-list")
public class ConfigListResource {

    private static final String TEXT = "text/plain; charset=utf-8";

    private final ConfigListService configLists;
    private final BodyLimits limits;
    private final Timer timer;

    public ConfigListResource(ConfigListService configLists, BodyLimits limits, MeterRegistry registry) {
        this.configLists = configLists;
        this.limits = limits;
        this.timer = RequestTimers.timer(registry, "config-list");
    }

    @POST
    @RequiresScope(Scope.READ)
    @Consumes({"text/plain", "application/octet-stream"})
    @Produces(TEXT)
    @Operation(
            summary =
                    "The lines of a config list whose project is not complete, as generate_remaining_configs.py prints them",
            description =
                    "Query: pipeline (required), config_id (default 'default'), level (the script's --level: a stage, "
                            + "default the final one) or skip_if_complete (none | a stage | both), fresh.")
    public Response remaining(
            InputStream body,
            @QueryParam("pipeline") @NotNull(message = "is required") @CairnName String pipeline,
            @QueryParam("config_id") @CairnName String configId,
            @QueryParam("level") String level,
            @QueryParam("skip_if_complete") String skipIfComplete,
            @QueryParam("fresh") boolean fresh)
            throws IOException {
        long start = System.nanoTime();
        CharBuffer text = decode(limits.readAll(body));
        ConfigListService.Answer answer =
                configLists.remaining(pipeline, configId, skipIfComplete, level, text.array(), text.limit(), fresh);
        byte[] out = answer.lines().output().getBytes(StandardCharsets.UTF_8);
        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return ViewHeaders.add(Response.ok(out, TEXT), answer.stamp(), answer.warnings())
                .header("Cairn-Entries", answer.lines().entries())
                .header("Cairn-Remaining", answer.lines().remaining())
                .header("Cairn-Skipped", answer.lines().skipped())
                .header("Cairn-Completed", answer.completed())
                .build();
    }

    /** UTF-8, strictly: Python's {@code open()} would stop on a malformed byte too. */
    static CharBuffer decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new InvalidRequestException("the config list is not valid UTF-8 (byte offset " + in.position() + ")");
        }
        out.flip();
        return out;
    }
}
