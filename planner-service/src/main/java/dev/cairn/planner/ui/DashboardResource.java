package dev.cairn.planner.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Names;
import dev.cairn.planner.service.ViewGate;
import dev.cairn.planner.service.ViewStamp;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.planner.store.ViewRows;
import dev.cairn.planner.ui.ServiceCalls.Part;
import dev.cairn.planner.ui.ServiceCalls.Target;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.validation.CairnName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The dashboard's backend-for-frontend (docs/design.md §6): the planner's own view for the overview, the grid and a
 * project's row; the ledger, marker and bootstrap services for timelines, marker folders, the DLQ, the outbox, scans
 * and readiness. Sections another service provides are {@link Part}s, so one service being down or not configured
 * leaves the rest of a page working.
 */
@Path("/api/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private static final String SORTS = "name|changed";

    private final ViewGate gate;
    private final CompletionView view;
    private final DashboardGrid grid;
    private final DashboardOverview overview;
    private final ServiceCalls calls;
    private final ObjectMapper mapper;

    DashboardResource(
            ViewGate gate,
            CompletionView view,
            DashboardGrid grid,
            DashboardOverview overview,
            ServiceCalls calls,
            ObjectMapper mapper) {
        this.gate = gate;
        this.view = view;
        this.grid = grid;
        this.overview = overview;
        this.calls = calls;
        this.mapper = mapper;
    }

    /** Every pipeline the view knows: projects per level and status, and the marker service's backlog. */
    @GET
    @Path("/overview")
    public ObjectNode overview() {
        ViewStamp stamp = gate.enter(false);
        return stamped(overview.overview(), stamp);
    }

    /** One page of the projects × stages grid of a pipeline and config_id, with the counts per status. */
    @GET
    @Path("/grid")
    public ObjectNode grid(
            @QueryParam("pipeline") @NotNull(message = "is required") @CairnName String pipeline,
            @QueryParam("config_id") @DefaultValue(Names.DEFAULT_CONFIG_ID) @CairnName String configId,
            @QueryParam("q") String q,
            @QueryParam("status") String status,
            @QueryParam("sort") @DefaultValue("name") @Pattern(regexp = SORTS, message = "must be one of " + SORTS)
                    String sort,
            @QueryParam("order") @DefaultValue("asc") @Pattern(regexp = "asc|desc", message = "must be asc or desc")
                    String order,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("100") @Min(0) @Max(1000) int limit) {
        ProjectStatus wanted = null;
        if (status != null && !status.isEmpty()) {
            wanted = ProjectStatus.of(status);
            if (wanted == null) {
                throw new InvalidRequestException("status must be one of " + String.join(", ", ProjectStatus.labels()));
            }
        }
        ViewStamp stamp = gate.enter(false);
        DashboardGrid.Query query = new DashboardGrid.Query(
                pipeline, configId, q == null ? "" : q.trim(), wanted, sort, "desc".equals(order));
        return stamped(grid.page(query, offset, limit), stamp);
    }

    /** A project: its row in the view, its state and timeline from the ledger, its marker folders. */
    @GET
    @Path("/projects/{pipeline}/{project}")
    public ObjectNode project(
            @PathParam("pipeline") @CairnName String pipeline,
            @PathParam("project") @CairnName String project,
            @QueryParam("config_id") @DefaultValue(Names.DEFAULT_CONFIG_ID) @CairnName String configId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        ViewStamp stamp = gate.enter(false);
        ObjectNode out = mapper.createObjectNode();
        out.put("pipeline", pipeline);
        out.put("project", project);
        out.put("config_id", configId);
        CompletionView.PipelineSummary summary = view.pipelines().get(pipeline);
        List<String> stages = summary == null ? List.of() : summary.stages();
        out.set("stages", mapper.valueToTree(stages));
        ViewRows rows = view.rowsOf(pipeline, configId, List.of(project));
        ArrayNode row = grid.rows(rows, stages);
        out.set("view", row.isEmpty() ? null : row.get(0));
        String token = bearer(authorization);
        String key = "/" + pipeline + "/" + project;
        out.set("state", part(calls.get(Target.LEDGER, "/api/v1/completions" + key + "?config_id=" + configId, token)));
        out.set(
                "timeline",
                part(calls.get(
                        Target.LEDGER,
                        "/api/v1/completions" + key + "/timeline?limit=10000&config_id=" + configId,
                        token)));
        out.set("markers", part(calls.get(Target.MARKER, "/api/v1/markers" + key, token)));
        out.set(
                "runs",
                part(new Part(
                        "not_available",
                        "item-level runs (issue 15) are not recorded by this version; backups appear in the timeline",
                        null)));
        return stamped(out, stamp);
    }

    /** Bootstrap scans, the DLQ's newest records, the outbox lag and each service's readiness. */
    @GET
    @Path("/operations")
    public ObjectNode operations(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String token = bearer(authorization);
        ObjectNode out = mapper.createObjectNode();
        ArrayNode services = out.putArray("services");
        services.add(overview.plannerReadiness());
        for (Target t : Target.values()) {
            Part health = calls.get(t, "/q/health/ready", null);
            ObjectNode s = services.addObject();
            s.put("service", t.service);
            s.put("url", calls.base(t).map(Object::toString).orElse(null));
            s.put("state", health.state());
            s.put(
                    "status",
                    health.data() == null ? null : health.data().path("status").asText(null));
            s.put("message", health.message());
            s.set("checks", health.data() == null ? null : health.data().get("checks"));
        }
        out.set("outbox", part(calls.get(Target.LEDGER, "/api/v1/outbox", token)));
        out.set("dlq", part(calls.get(Target.LEDGER, "/api/v1/dlq?limit=20", token)));
        out.set("scans", part(calls.get(Target.BOOTSTRAP, "/api/v1/scans?limit=20", token)));
        out.set("marker_backlog", overview.markerBacklog());
        return out;
    }

    private ObjectNode part(Part p) {
        ObjectNode node = mapper.createObjectNode();
        node.put("state", p.state());
        node.put("message", p.message());
        node.set("data", p.data());
        return node;
    }

    private static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : null;
    }

    private static ObjectNode stamped(ObjectNode out, ViewStamp stamp) {
        out.put("as_of", stamp.asOf() == null ? null : stamp.asOf().toString());
        out.put("lag", stamp.lag());
        return out;
    }
}
