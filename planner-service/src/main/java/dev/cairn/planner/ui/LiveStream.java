package dev.cairn.planner.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Names;
import dev.cairn.planner.config.PlannerConfig;
import dev.cairn.planner.service.ViewGate;
import dev.cairn.planner.service.ViewStamp;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.planner.store.ViewRows;
import dev.cairn.planner.store.ViewUpdate;
import dev.cairn.service.validation.CairnName;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * {@code GET /api/v1/stream?pipeline=&config_id=}: server-sent events from the planner's view. The view calls
 * {@link #changed} after every applied batch; each subscriber gathers the projects of its pipeline and config_id
 * that changed, and every {@code cairn.planner.dashboard.stream-interval} receives one {@code rows} event with their
 * new rows (the grid's format). A comment every 15 s keeps idle connections open through proxies.
 */
@Path("/api/v1/stream")
@Singleton
public class LiveStream {

    private static final Logger LOG = Logger.getLogger(LiveStream.class);
    private static final long HEARTBEAT_MILLIS = 15_000;

    private record Subscriber(String pipeline, String configId, SseEventSink sink, Set<String> pending) {}

    private final CompletionView view;
    private final ViewGate gate;
    private final DashboardGrid grid;
    private final ObjectMapper mapper;
    private final PlannerConfig config;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService ticker;
    private volatile Sse sse;
    private long lastHeartbeat = System.currentTimeMillis();

    LiveStream(CompletionView view, ViewGate gate, DashboardGrid grid, ObjectMapper mapper, PlannerConfig config) {
        this.view = view;
        this.gate = gate;
        this.grid = grid;
        this.mapper = mapper;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        view.onChange(this::changed);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-dashboard-stream");
            t.setDaemon(true);
            return t;
        });
        long every = config.dashboard().streamInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        subscribers.forEach(s -> s.sink().close());
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(
            @QueryParam("pipeline") @NotNull(message = "is required") @CairnName String pipeline,
            @QueryParam("config_id") @DefaultValue(Names.DEFAULT_CONFIG_ID) @CairnName String configId,
            @Context SseEventSink sink,
            @Context Sse sse) {
        ViewStamp stamp = gate.enter(false);
        this.sse = sse;
        ObjectNode hello = mapper.createObjectNode();
        hello.put("pipeline", pipeline);
        hello.put("config_id", configId);
        hello.put("as_of", stamp.asOf() == null ? null : stamp.asOf().toString());
        subscribers.add(new Subscriber(pipeline, configId, sink, ConcurrentHashMap.newKeySet()));
        sink.send(sse.newEventBuilder()
                .name("hello")
                .mediaType(MediaType.TEXT_PLAIN_TYPE)
                .data(hello.toString())
                .build());
    }

    /** Called by the view's reader thread with the updates of one batch that changed the view. */
    void changed(List<ViewUpdate> updates) {
        for (Subscriber s : subscribers) {
            for (ViewUpdate u : updates) {
                if (u.pipeline().equals(s.pipeline()) && u.configId().equals(s.configId())) {
                    s.pending().add(u.project());
                }
            }
        }
    }

    private void flush() {
        try {
            boolean heartbeat = System.currentTimeMillis() - lastHeartbeat > HEARTBEAT_MILLIS;
            if (heartbeat) {
                lastHeartbeat = System.currentTimeMillis();
            }
            for (Subscriber s : subscribers) {
                if (s.sink().isClosed()) {
                    subscribers.remove(s);
                } else if (!s.pending().isEmpty()) {
                    send(s);
                } else if (heartbeat) {
                    s.sink().send(sse.newEventBuilder().comment("keep-alive").build());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("dashboard stream: %s", e.toString());
        }
    }

    private void send(Subscriber s) {
        List<String> projects = new ArrayList<>(s.pending());
        s.pending().removeAll(projects);
        ViewRows rows = view.rowsOf(s.pipeline(), s.configId(), projects);
        CompletionView.PipelineSummary summary = view.pipelines().get(s.pipeline());
        ObjectNode data = mapper.createObjectNode();
        data.put("as_of", view.asOf() == null ? null : view.asOf().toString());
        data.set("stages", mapper.valueToTree(summary == null ? List.of() : summary.stages()));
        data.set("rows", grid.rows(rows, summary == null ? List.of() : summary.stages()));
        data.set(
                "removed",
                mapper.valueToTree(
                        projects.stream().filter(p -> !contains(rows, p)).toList()));
        s.sink()
                .send(sse.newEventBuilder()
                        .name("rows")
                        .mediaType(MediaType.TEXT_PLAIN_TYPE)
                        .data(data.toString())
                        .build())
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        subscribers.remove(s);
                        s.sink().close();
                    }
                });
    }

    private static boolean contains(ViewRows rows, String project) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.project(i).equals(project)) {
                return true;
            }
        }
        return false;
    }
}
