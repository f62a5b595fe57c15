package dev.cairn.ledger.rest;

import dev.cairn.ledger.domain.Pipeline;
import dev.cairn.ledger.service.PipelineService;
import dev.cairn.service.auth.RequiresScope;
import dev.cairn.service.auth.Scope;
import dev.cairn.service.validation.CairnName;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Pipeline declarations: {@code PUT /api/v1/pipelines/{pipeline}} {@code {"stages": [...]}}, {@code GET}. */
@Path("/api/v1/pipelines")
@Produces(MediaType.APPLICATION_JSON)
public class PipelineResource {

    public record Declaration(List<String> stages) {}

    public record PipelineView(String pipeline, List<String> stages, Instant createdAt, Instant updatedAt) {
        static PipelineView of(Pipeline p) {
            return new PipelineView(p.name(), p.stages(), p.createdAt(), p.updatedAt());
        }
    }

    private final PipelineService pipelines;

    PipelineResource(PipelineService pipelines) {
        this.pipelines = pipelines;
    }

    /** The name and stages are checked by the service (422 {@code invalid_pipeline}, every problem by field). */
    @PUT
    @RequiresScope(Scope.ADMIN)
    @Path("/{pipeline}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response declare(@PathParam("pipeline") String name, Declaration body) {
        PipelineService.Declared d = pipelines.declare(name, body == null ? null : body.stages());
        return Response.status(d.change() == PipelineService.Change.CREATED ? 201 : 200)
                .entity(PipelineView.of(d.pipeline()))
                .build();
    }

    @GET
    public List<PipelineView> all() throws SQLException {
        return pipelines.all().stream().map(PipelineView::of).toList();
    }

    @GET
    @Path("/{pipeline}")
    public PipelineView one(@PathParam("pipeline") @CairnName String name) throws SQLException {
        return PipelineView.of(pipelines.find(name));
    }
}
