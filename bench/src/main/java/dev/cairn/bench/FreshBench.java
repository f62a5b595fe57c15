package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.AppProcess;
import dev.cairn.local.CairnClient;
import dev.cairn.local.CairnCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Read your writes under load (docs/design.md §6): a ledger and a planner (with {@code CAIRN_PLANNER_LEDGER_URL}), a
 * background load of {@code freshLoadPerSecond} events/s through {@code cairn.stage-events}, and 8 clients that each
 * post an event ({@code 201}) then ask a {@code fresh=true} plan for its project: the fresh plan's latency (client
 * side, p50/p99) and the stale answers (must be 0). Then the cost on the ledger: the same records ingested with the
 * offsets committed every 50 ms (what the barrier needs) and every 5 s (SmallRye's default, before it).
 *
 * <p>The clients first run pairs that are checked for staleness but not timed into the goal, until the JIT compilers
 * of both services are quiet ({@link JitWarmUp}), at least {@link #WARM_UP} and at most the sizes'
 * {@code freshWarmUpMaxSeconds}: the services are started seconds before, and on two saturated cores their JIT
 * compilers take minutes to compile the hot code (about a fifth of a core in the ledger, a tenth in the planner). Their latencies are
 * reported on their own ({@code fresh_warmup_*}, with how long the warm-up ran and whether the compilers got quiet);
 * the goal is about a service that has been running. The timed window's CPU per pair and compile time per second,
 * per service, are reported with it.
 */
final class FreshBench {

    static final int CLIENTS = 8;
    /**
     * The background load (events/s) of the goal on {@code fresh_p99_ms}: the sizes' default ({@code --fresh-rate}
     * changes it).
     */
    static final int GOAL_RATE = 2_000;
    /** The shortest time the clients run untimed pairs (still checked for staleness) before the measured ones. */
    static final Duration WARM_UP = Duration.ofSeconds(20);
    /** Where the ingest-cost records go (created by {@code Bench}, as every bench topic). */
    static final String INGEST_TOPIC = "bench.fresh-ingest";

    static final String PIPELINE = EventData.PIPELINE;

    private final BenchContext ctx;

    FreshBench(BenchContext ctx) {
        this.ctx = ctx;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        String db = "cairn_bench_fresh";
        ctx.freshDatabase(db);
        var pipelines = ctx.work.resolve("fresh-pipelines.json");
        Files.writeString(pipelines, "{\"" + PIPELINE + "\": [\"metashape\", \"postprocess\"]}");
        AppProcess ledger = ctx.start(
                CairnCluster.Service.LEDGER,
                "ledger-fresh",
                db,
                Map.of(
                        "CAIRN_LEDGER_PIPELINES_FILE",
                        pipelines.toString(),
                        "CAIRN_LEDGER_CONSUMER_GROUP",
                        "bench-fresh"),
                "1g");
        AppProcess planner = ctx.start(
                CairnCluster.Service.PLANNER,
                "planner-fresh",
                null,
                CairnCluster.plannerLedger(ledger.baseUrl(), BenchContext.TOKEN),
                "512m");
        try {
            measureUnderLoad(ledger, planner, out);
        } finally {
            planner.stop(15);
            ledger.stop(30);
        }
        ingestCost(pipelines, out);
        return out;
    }

    private void measureUnderLoad(AppProcess ledger, AppProcess planner, Map<String, Object> out) throws Exception {
        int rate = ctx.sizes.freshLoadPerSecond();
        int requests = ctx.sizes.freshRequests();
        CairnClient http = new CairnClient(BenchContext.TOKEN);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> stale = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong loaded = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 2); // clients, load, warm-up watch
        long loadStart = System.nanoTime();
        try {
            Future<?> load = pool.submit(() -> load(rate, loading, loaded));
            // not measured: the load runs and the ledger keeps up with it (a fresh plan answers) before the clients
            BenchContext.await(
                    "a first fresh plan under load",
                    Duration.ofMinutes(3),
                    Duration.ofSeconds(1),
                    () -> http.post(
                                            planner.baseUrl() + "/api/v1/plan?fresh=true",
                                            "application/json",
                                            "{\"pipeline\": \"" + PIPELINE + "\", \"projects\": [\"warm-up\"]}")
                                    .status()
                            == 200);
            Map<String, Long> pids = new TreeMap<>(Map.of("ledger", ledger.pid(), "planner", planner.pid()));
            warmUp(pool, pids, http, ledger, planner, stale, out);
            Map<String, Double> cpu0 = cpuSeconds(pids);
            Map<String, Double> jit0 = JitWarmUp.compileSeconds(pids);
            long t0 = System.nanoTime();
            runClients(pool, (client, i) -> i < requests / CLIENTS, "fresh-", http, ledger, planner, latencies, stale);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> jit = JitWarmUp.growth(jit0, JitWarmUp.compileSeconds(pids), seconds);
            Map<String, Double> cpu = JitWarmUp.growth(cpu0, cpuSeconds(pids), latencies.size());
            loading.set(false);
            load.get();
            double achieved = loaded.get() / ((System.nanoTime() - loadStart) / 1e9);
            Stats stats = new Stats(latencies);
            out.put("fresh_requests", stats.count());
            out.put("fresh_clients", CLIENTS);
            out.put("fresh_load_events_per_s_target", rate);
            out.put("fresh_load_events_per_s", Stats.round(achieved, 0));
            // the goal is at GOAL_RATE: at another load (--fresh-rate) the figures are named after it, and the goal
            // reads "not measured" rather than judging a lighter or heavier load against it
            String at = rate == GOAL_RATE ? "" : "_at_" + rate;
            out.put("fresh_p50_ms" + at, Stats.round(stats.median(), 1));
            out.put("fresh_p99_ms" + at, Stats.round(stats.percentile(99), 1));
            out.put("fresh_max_ms", Stats.round(stats.max(), 1));
            out.put("fresh_stale", stale.size());
            out.put("fresh_pairs_per_s", Stats.round(stats.count() / seconds, 1));
            pids.keySet().forEach(name -> {
                out.put("fresh_cpu_ms_per_pair_" + name, Stats.round(cpu.get(name) * 1000, 2));
                out.put("fresh_jit_busy_" + name, Stats.round(jit.get(name), 3));
            });
            ctx.log(
                    "fresh: timed window, %.1f pairs/s; CPU per pair: ledger %.2f ms, planner %.2f ms; compile"
                            + " seconds per second: ledger %.3f, planner %.3f",
                    stats.count() / seconds,
                    cpu.get("ledger") * 1000,
                    cpu.get("planner") * 1000,
                    jit.get("ledger"),
                    jit.get("planner"));
            ctx.log(
                    "fresh: %d fresh plans by %d clients under %,.0f events/s: p50 %.1f ms, p99 %.1f ms, %d stale",
                    stats.count(), CLIENTS, achieved, stats.median(), stats.percentile(99), stale.size());
            if (!stale.isEmpty()) {
                throw new IllegalStateException("stale fresh answers: " + stale.subList(0, Math.min(5, stale.size())));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Untimed pairs until the services' compilers are quiet or the longest warm-up ran out; reported apart. */
    private void warmUp(
            ExecutorService pool,
            Map<String, Long> pids,
            CairnClient http,
            AppProcess ledger,
            AppProcess planner,
            List<String> stale,
            Map<String, Object> out)
            throws Exception {
        List<Double> warmUp = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean warming = new AtomicBoolean(true);
        Future<JitWarmUp.Result> jit = pool.submit(() -> {
            try {
                return JitWarmUp.await(pids, WARM_UP, Duration.ofSeconds(ctx.sizes.freshWarmUpMaxSeconds()));
            } finally {
                warming.set(false);
            }
        });
        runClients(pool, (client, i) -> warming.get(), "warm-", http, ledger, planner, warmUp, stale);
        JitWarmUp.Result warmed = jit.get();
        Stats warm = new Stats(warmUp);
        ctx.log(
                "fresh: warm-up, %d fresh plans in %.0f s (not in the goal): p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                        + " compilers %s (compile seconds per second over the last %d s: %s)",
                warm.count(),
                warmed.seconds(),
                warm.median(),
                warm.percentile(99),
                warm.max(),
                warmed.quiet() ? "quiet" : "still busy at the longest warm-up",
                JitWarmUp.WINDOW.toSeconds(),
                JitWarmUp.format(warmed.busy()));
        out.put("fresh_warmup_requests", warm.count());
        out.put("fresh_warmup_s", Stats.round(warmed.seconds(), 0));
        out.put("fresh_warmup_jit_quiet", warmed.quiet());
        out.put("fresh_warmup_p50_ms", Stats.round(warm.median(), 1));
        out.put("fresh_warmup_p99_ms", Stats.round(warm.percentile(99), 1));
        out.put("fresh_warmup_max_ms", Stats.round(warm.max(), 1));
    }

    private static Map<String, Double> cpuSeconds(Map<String, Long> pids) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, pid) -> seconds.put(name, ProcStats.cpuSeconds(pid)));
        return seconds;
    }

    /** Whether a client's {@code i}-th pair is still to run. */
    private interface More {
        boolean test(int client, int i);
    }

    /** {@link #CLIENTS} clients each running pairs while {@code more} says so; returns when all are done. */
    private static void runClients(
            ExecutorService pool,
            More more,
            String prefix,
            CairnClient http,
            AppProcess ledger,
            AppProcess planner,
            List<Double> latencies,
            List<String> stale)
            throws Exception {
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                for (int i = 0; more.test(client, i); i++) {
                    pair(http, ledger, planner, prefix + client + "-" + i, latencies, stale);
                }
                return null;
            }));
        }
        for (Future<?> f : clients) {
            f.get();
        }
    }

    /** One "201, then fresh plan" pair: the plan's latency is recorded, a plan that would run the project is stale. */
    private static void pair(
            CairnClient http,
            AppProcess ledger,
            AppProcess planner,
            String project,
            List<Double> latencies,
            List<String> stale) {
        CairnClient.Answer posted = http.post(
                ledger.baseUrl() + "/api/v1/events",
                "application/json",
                event(project, "postprocess").toString());
        if (posted.status() != 201) {
            throw new IllegalStateException("ledger answered " + posted.status() + ": " + posted.body());
        }
        long t0 = System.nanoTime();
        CairnClient.Answer plan = http.post(
                planner.baseUrl() + "/api/v1/plan?fresh=true",
                "application/json",
                "{\"pipeline\": \"" + PIPELINE + "\", \"skip_if_complete\": \"both\", \"projects\": [\"" + project
                        + "\"]}");
        latencies.add((System.nanoTime() - t0) / 1e6);
        if (plan.status() != 200) {
            throw new IllegalStateException("planner answered " + plan.status() + ": " + plan.body());
        }
        JsonNode p = plan.json().path("projects").get(0);
        if (p.path("run").asBoolean(true)) {
            stale.add(project);
        }
    }

    /** {@code rate} events a second of other projects through Kafka until told to stop. */
    private Void load(int rate, AtomicBoolean loading, AtomicLong loaded) throws InterruptedException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.stack.settings().kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            while (loading.get()) {
                long n = loaded.incrementAndGet();
                String project = "load-" + n;
                producer.send(new ProducerRecord<>(
                        Topics.STAGE_EVENTS,
                        Topics.key(PIPELINE, project, "default"),
                        event(project, n % 2 == 0 ? "metashape" : "postprocess")
                                .toString()
                                .getBytes(StandardCharsets.UTF_8)));
                long wait = start + n * 1_000_000_000L / rate - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            producer.flush();
        }
        return null;
    }

    /** Ledger ingest with the barrier's 50 ms commit interval and with the former 5 s: their ratio is the cost. */
    private void ingestCost(java.nio.file.Path pipelines, Map<String, Object> out) throws Exception {
        int total = ctx.sizes.freshIngestEvents();
        EventData data = EventData.generate(total);
        String topic = INGEST_TOPIC;
        Kafka.produce(
                ctx.stack.settings().kafkaBootstrapServers(),
                topic,
                data.records,
                EventData.Event::key,
                EventData.Event::bytes);
        double fast = ingest(pipelines, topic, total, 50);
        double slow = ingest(pipelines, topic, total, 5000);
        out.put("fresh_ingest_events", total);
        out.put("fresh_ingest_events_per_s_commit_50ms", Stats.round(fast, 0));
        out.put("fresh_ingest_events_per_s_commit_5s", Stats.round(slow, 0));
        out.put("fresh_ingest_ratio_50ms_to_5s", Stats.round(fast / slow, 3));
        ctx.log(
                "fresh: ledger ingest %,.0f events/s committing every 50 ms, %,.0f every 5 s (ratio %.3f)",
                fast, slow, fast / slow);
    }

    private double ingest(java.nio.file.Path pipelines, String topic, int total, int commitMs) {
        String db = "cairn_bench_fresh_ingest";
        ctx.freshDatabase(db);
        AppProcess ledger = ctx.start(
                CairnCluster.Service.LEDGER,
                "ledger-fresh-ingest-" + commitMs,
                db,
                Map.of(
                        "CAIRN_LEDGER_PIPELINES_FILE",
                        pipelines.toString(),
                        "CAIRN_LEDGER_STAGE_EVENTS_TOPIC",
                        topic,
                        "CAIRN_LEDGER_CONSUMER_GROUP",
                        "bench-fresh-ingest-" + commitMs + "-" + Instant.now().toEpochMilli(),
                        "CAIRN_LEDGER_COMMIT_INTERVAL_MS",
                        Integer.toString(commitMs)),
                "1g");
        try {
            CounterSeries series = CounterSeries.follow(
                    ledger, "cairn_ledger_events_consumed_total", "", total, Duration.ofMinutes(30));
            return series.ratePerSecond(total);
        } finally {
            ledger.stop(30);
        }
    }

    static ObjectNode event(String project, String stage) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("schema", "cairn.stage-event/v1")
                .put("event_id", "fresh-" + project + "-" + stage + "-" + System.nanoTime())
                .put("type", "stage.completed")
                .put("pipeline", PIPELINE)
                .put("project", project)
                .put("config_id", "default")
                .put("stage", stage)
                .put("run_id", "bench-fresh")
                .put("occurred_at", "2026-01-01T00:00:00Z");
        return e;
    }
}
