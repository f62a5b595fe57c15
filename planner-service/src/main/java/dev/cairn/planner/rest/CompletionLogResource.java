package dev.cairn.planner.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cairn.contracts.CompletionLogEntry;
import dev.cairn.planner.service.ViewQueries;
import dev.cairn.planner.store.ViewRows;
import dev.cairn.service.validation.CairnName;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/v1/completion-log}: the view as the seed's completion log, one JSON line per project with a level
 * ({@code project_name}, {@code config_id}, {@code completion_level}, {@code timestamp} = last completion of that
 * stage, {@code workflow_name} = its last run id), streamed. Fed to {@code generate_remaining_configs.py}, it gives the
 * same answer as the config-list endpoint.
 */
@Path("/api/v1/completion-log")
public class CompletionLogResource {

    static final String JSONL = "application/jsonl";

    private final ViewQueries queries;
    private final ObjectMapper json;
    private final ObjectWriter lineWriter;

    public CompletionLogResource(ViewQueries queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
        this.lineWriter =
                json.writerFor(CompletionLogEntry.class).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    @GET
    @Produces({JSONL, "application/x-ndjson", "text/plain"})
    @Operation(
            summary = "The completion log of a pipeline in the seed's JSONL format",
            description = "Query: pipeline (required), config_id (default: every config_id), fresh.")
    public Response completionLog(
            @QueryParam("pipeline") @NotNull(message = "is required") @CairnName String pipeline,
            @QueryParam("config_id") @CairnName String configId,
            @QueryParam("fresh") boolean fresh) {
        ViewQueries.Listing listing = queries.completionLog(pipeline, configId, fresh);
        ViewRows rows = listing.rows();
        StreamingOutput body = out -> {
            BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            try (JsonGenerator g = json.getFactory().createGenerator(buffered)) {
                for (int i = 0; i < rows.size(); i++) {
                    Instant at = rows.completedAt(i);
                    lineWriter.writeValue(
                            g,
                            new CompletionLogEntry(
                                    rows.project(i),
                                    rows.configId(i),
                                    rows.level(i),
                                    at == null ? null : at.toString(),
                                    rows.runId(i)));
                    g.writeRaw('\n');
                }
            }
        };
        return ViewHeaders.add(Response.ok(body, JSONL), listing.stamp(), listing.warnings())
                .header("Cairn-Count", rows.size())
                .build();
    }
}
