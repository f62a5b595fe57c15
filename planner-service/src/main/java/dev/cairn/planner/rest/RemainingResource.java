package dev.cairn.planner.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.Names;
import dev.cairn.planner.service.ViewQueries;
import dev.cairn.planner.store.ViewRows;
import dev.cairn.service.validation.CairnName;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/v1/remaining}: the known projects of a pipeline and config_id whose level is below a stage
 * (default: the final stage, i.e. not complete), streamed:
 * {@code {"pipeline","config_id","below","stages","as_of","lag","warnings","count","projects":[{"project","level"}]}}.
 */
@Path("/api/v1/remaining")
public class RemainingResource {

    private final ViewQueries queries;
    private final ObjectMapper mapper;

    public RemainingResource(ViewQueries queries, ObjectMapper mapper) {
        this.queries = queries;
        this.mapper = mapper;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Known projects whose level is below a stage",
            description =
                    "Query: pipeline (required), config_id (default 'default'), below (a stage, default the final one), fresh.")
    public Response remaining(
            @QueryParam("pipeline") @NotNull(message = "is required") @CairnName String pipeline,
            @QueryParam("config_id") @CairnName String configId,
            @QueryParam("below") String below,
            @QueryParam("fresh") boolean fresh) {
        ViewQueries.Listing listing = queries.remaining(pipeline, configId, below, fresh);
        ViewRows rows = listing.rows();
        StreamingOutput body = out -> {
            BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            try (JsonGenerator g = mapper.getFactory().createGenerator(buffered)) {
                g.writeStartObject();
                g.writeStringField("pipeline", pipeline);
                g.writeStringField("config_id", configId == null ? Names.DEFAULT_CONFIG_ID : configId);
                g.writeStringField("below", listing.stage());
                g.writeObjectField("stages", listing.stages());
                g.writeStringField(
                        "as_of",
                        listing.stamp().asOf() == null
                                ? null
                                : listing.stamp().asOf().toString());
                g.writeNumberField("lag", listing.stamp().lag());
                g.writeObjectField("warnings", listing.warnings());
                g.writeNumberField("count", rows.size());
                g.writeArrayFieldStart("projects");
                for (int i = 0; i < rows.size(); i++) {
                    g.writeStartObject();
                    g.writeStringField("project", rows.project(i));
                    g.writeStringField("level", rows.level(i));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
        };
        return ViewHeaders.add(Response.ok(body, MediaType.APPLICATION_JSON_TYPE), listing.stamp(), listing.warnings())
                .header("Cairn-Count", rows.size())
                .build();
    }
}
