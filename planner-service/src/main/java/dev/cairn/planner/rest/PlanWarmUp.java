package dev.cairn.planner.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.planner.config.PlannerConfig;
import dev.cairn.planner.messaging.ViewProgress;
import dev.cairn.planner.service.ConfigListService;
import dev.cairn.planner.service.PlanResult;
import dev.cairn.planner.service.PlanService;
import dev.cairn.planner.store.CompletionView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the plan and config-list paths ({@link PlanRequestReader}, {@link PlanService}, {@link PlanResponseWriter},
 * {@link ConfigListService}) on a background thread once the view has caught up at start, on names sampled from the
 * view plus as many absent ones, so that the JIT has compiled them before the first requests arrive. Answers are
 * discarded; no timer or counter is touched; the view is only read. {@code cairn.planner.warm-up.rounds=0} turns it off.
 */
@Singleton
public class PlanWarmUp {

    private static final Logger LOG = Logger.getLogger(PlanWarmUp.class);
    private static final long WAIT_FOR_VIEW_NANOS = TimeUnit.HOURS.toNanos(1);

    private final PlanService plans;
    private final ConfigListService configLists;
    private final CompletionView view;
    private final ViewProgress progress;
    private final PlanRequestReader reader;
    private final PlanResponseWriter writer;
    private final PlannerConfig.WarmUp settings;
    private volatile Thread thread;
    private volatile int roundsDone;
    private volatile int knownNames;

    public PlanWarmUp(
            PlanService plans,
            ConfigListService configLists,
            CompletionView view,
            ViewProgress progress,
            ObjectMapper mapper,
            BodyLimits limits,
            PlannerConfig config) {
        this.plans = plans;
        this.configLists = configLists;
        this.view = view;
        this.progress = progress;
        this.reader = new PlanRequestReader(mapper.getFactory(), limits);
        this.writer = new PlanResponseWriter(mapper.getFactory());
        this.settings = config.warmUp();
    }

    void start(@Observes StartupEvent event) {
        if (settings.rounds() == 0) {
            return;
        }
        Thread t = new Thread(this::runWhenCaughtUp, "cairn-plan-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        thread = t;
        t.start();
    }

    void stop(@Observes ShutdownEvent event) {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Rounds completed so far (for tests and the log). */
    public int roundsDone() {
        return roundsDone;
    }

    /** Names of the sample that the view holds (the rest are absent names). */
    public int knownNames() {
        return knownNames;
    }

    private void runWhenCaughtUp() {
        try {
            if (!progress.awaitCaughtUp(WAIT_FOR_VIEW_NANOS)) {
                return;
            }
            long start = System.nanoTime();
            Sample sample = sample();
            for (int i = 0; i < settings.rounds() && !Thread.currentThread().isInterrupted(); i++) {
                round(sample);
                roundsDone = i + 1;
            }
            LOG.infof(
                    "plan warm-up: %d rounds of %d names in %d ms",
                    roundsDone, sample.names, (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // the warm-up only speeds up the first requests: a failure here must never stop the service
            LOG.warnf("plan warm-up stopped after %d rounds: %s", roundsDone, e.toString());
        }
    }

    private void round(Sample sample) throws IOException {
        PlanRequestReader.PlanRequest request = reader.read(new ByteArrayInputStream(sample.planBody));
        PlanResult result =
                plans.plan(request.pipeline(), request.configId(), request.skipIfComplete(), request.projects(), false);
        writer.write(result, OutputStream.nullOutputStream());
        CharBuffer text = ConfigListResource.decode(sample.configList);
        configLists.remaining(sample.pipeline, sample.configId, null, null, text.array(), text.limit(), false);
    }

    /** A plan body and a config list over the first pipeline and config_id holding projects (or an unknown one). */
    private Sample sample() {
        for (Map.Entry<String, CompletionView.PipelineSummary> p :
                view.pipelines().entrySet()) {
            for (String config : p.getValue().configIds()) {
                List<String> known = view.sampleNames(p.getKey(), config, settings.names());
                if (!known.isEmpty()) {
                    return sample(p.getKey(), config, known);
                }
            }
        }
        return sample("cairn-warm-up", "default", List.of());
    }

    private Sample sample(String pipeline, String configId, List<String> known) {
        knownNames = known.size();
        StringBuilder body = new StringBuilder("{\"pipeline\":\"")
                .append(pipeline)
                .append("\",\"config_id\":\"")
                .append(configId)
                .append("\",\"skip_if_complete\":\"both\",\"projects\":[");
        StringBuilder list = new StringBuilder();
        int count = Math.max(known.size(), 1) * 2;
        for (int i = 0; i < count; i++) {
            String name = i % 2 == 0 && i / 2 < known.size() ? known.get(i / 2) : "cairn-warm-up-absent-" + i;
            body.append(i == 0 ? "\"" : ",\"").append(name).append('"');
            list.append("/configs/").append(name).append(".yaml\n");
        }
        body.append("]}");
        return new Sample(
                pipeline,
                configId,
                count,
                body.toString().getBytes(StandardCharsets.UTF_8),
                list.toString().getBytes(StandardCharsets.UTF_8));
    }

    private record Sample(String pipeline, String configId, int names, byte[] planBody, byte[] configList) {}
}
