package dev.cairn.bench;

import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.StageState;
import dev.cairn.devstack.AppProcess;
import dev.cairn.local.CairnClient;
import dev.cairn.local.CairnCluster;
import dev.cairn.local.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Planner: a view of V completions read from a compacted topic; plans and config lists of 100,000 names; the seed's
 * {@code generate_remaining_configs.py} on the same data (a completion log of the same V entries and the same config
 * list), whose output must equal the planner's byte for byte.
 */
final class PlannerBench {

    static final String TOPIC = "bench.planner-completions";
    static final String EMPTY_TOPIC = "bench.planner-empty";
    static final List<String> STAGES = List.of("metashape", "postprocess");

    private final BenchContext ctx;

    PlannerBench(BenchContext ctx) {
        this.ctx = ctx;
    }

    Map<String, Object> run() throws Exception {
        int keys = ctx.sizes.plannerViewKeys();
        int names = ctx.sizes.plannerNames();
        Random random = new Random(7);
        String log = publishCompletions(keys, random);

        AppProcess empty = ctx.start(
                CairnCluster.Service.PLANNER,
                "planner-bench-empty",
                null,
                Map.of("CAIRN_PLANNER_TOPIC", EMPTY_TOPIC),
                "2g");
        double emptyHeap = Heap.liveMb(empty.pid());
        empty.stop(15);
        long t0 = System.nanoTime();
        AppProcess planner = ctx.start(
                CairnCluster.Service.PLANNER, "planner-bench", null, Map.of("CAIRN_PLANNER_TOPIC", TOPIC), "2g");
        double readySeconds = (System.nanoTime() - t0) / 1e9;
        double viewHeap = Heap.liveMb(planner.pid()) - emptyHeap;

        Inputs in = writeInputs(names, keys, random, log);
        Path list = in.list();
        Path logFile = in.logFile();
        String planBody = in.planBody();
        String listBody = in.listBody();

        CairnClient http = new CairnClient(BenchContext.TOKEN);
        List<Double> plan = time(
                ctx.sizes.plannerRequests(),
                () -> check(http.post(planner.baseUrl() + "/api/v1/plan", "application/json", planBody)));
        String[] cairnOutput = new String[1];
        List<Double> configList = time(
                ctx.sizes.plannerRequests(),
                () -> cairnOutput[0] = check(http.post(
                                planner.baseUrl()
                                        + "/api/v1/plan/config-list?pipeline=photogrammetry&level=postprocess",
                                "text/plain",
                                listBody))
                        .body());
        String url = planner.baseUrl();
        double serverP50 = Metrics.quantile(url, "cairn_planner_request_seconds", "endpoint=\"plan\"", 0.5) * 1000;
        double serverP99 = Metrics.quantile(url, "cairn_planner_request_seconds", "endpoint=\"plan\"", 0.99) * 1000;
        double computeP50 = Metrics.quantile(url, "cairn_planner_compute_seconds", "endpoint=\"plan\"", 0.5) * 1000;
        double listP50 = Metrics.quantile(url, "cairn_planner_request_seconds", "endpoint=\"config-list\"", 0.5) * 1000;
        double cpu = ProcStats.cpuSeconds(planner.pid());
        double rss = ProcStats.peakRssMb(planner.pid());
        planner.stop(15);

        List<Double> seed = runSeedScript(list, logFile, cairnOutput[0]);

        Stats planStats = new Stats(plan);
        Stats listStats = new Stats(configList);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("names", names);
        out.put("view_keys", keys);
        // server-side: the planner's own timer (quantiles interpolated in its histogram buckets, as Prometheus'
        // histogram_quantile does, over every plan request of the run, two warm-ups included)
        out.put("p50_ms", Stats.round(serverP50, 1));
        out.put("p99_ms", Stats.round(serverP99, 1));
        out.put("compute_p50_ms", Stats.round(computeP50, 1));
        // client-side, exact: request sent to the last byte of the ~10 MB answer read, measured requests only
        out.put("client_p50_ms", Stats.round(planStats.median(), 1));
        out.put("client_p99_ms", Stats.round(planStats.percentile(99), 1));
        out.put("config_list_server_p50_ms", Stats.round(listP50, 1));
        out.put("config_list_client_p50_ms", Stats.round(listStats.median(), 1));
        out.put("config_list_client_p99_ms", Stats.round(listStats.percentile(99), 1));
        out.put("seed_script_ms", Stats.round(new Stats(seed).median(), 0));
        out.put("ratio_seed_to_config_list", Stats.round(new Stats(seed).median() / listStats.median(), 1));
        out.put("ratio_seed_to_plan", Stats.round(new Stats(seed).median() / planStats.median(), 1));
        out.put("start_to_ready_s", Stats.round(readySeconds, 1));
        out.put("view_heap_mb", Stats.round(viewHeap, 1));
        out.put("view_heap_mb_per_1m_keys", Stats.round(viewHeap * 1_000_000 / keys, 1));
        out.put("planner_cpu_seconds", Stats.round(cpu, 1));
        out.put("planner_peak_rss_mb", Stats.round(rss, 0));
        out.put("output_equals_seed_script", true);
        ctx.log(
                "planner: plan p50 %.1f ms, config list p50 %.1f ms, seed %.0f ms",
                planStats.median(), listStats.median(), new Stats(seed).median());
        return out;
    }

    private static CairnClient.Answer check(CairnClient.Answer a) {
        if (a.status() != 200) {
            throw new IllegalStateException("planner answered " + a.status() + ": " + a.body());
        }
        return a;
    }

    /** Client-side milliseconds of {@code measured} runs after two warm-up runs. */
    private static List<Double> time(int measured, Runnable request) {
        request.run();
        request.run();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < measured; i++) {
            long t0 = System.nanoTime();
            request.run();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return ms;
    }

    private static CompletionRecorded record(String project, String level, Instant at) {
        Map<String, StageState> states = new LinkedHashMap<>();
        for (String s : STAGES) {
            if (level != null && STAGES.indexOf(s) <= STAGES.indexOf(level)) {
                states.put(s, new StageState(StageState.COMPLETED, at, at, "w", 1));
            }
        }
        return new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                "pl-" + project,
                "photogrammetry",
                project,
                "default",
                STAGES,
                level,
                states,
                new Change(
                        level == null ? "stage.started" : "stage.completed",
                        level == null ? "metashape" : level,
                        "w",
                        at,
                        null,
                        null,
                        null,
                        null),
                at,
                1);
    }

    /** Publishes {@code keys} completions (30% without a level) as the ledger would; returns them as the seed's log. */
    private String publishCompletions(int keys, Random random) {
        String[] levels = new String[keys];
        List<CompletionRecorded> records = new ArrayList<>(keys);
        StringBuilder log = new StringBuilder();
        Instant t = Instant.parse("2026-02-01T00:00:00Z");
        for (int i = 0; i < keys; i++) {
            int r = random.nextInt(10);
            levels[i] = r < 3 ? null : r < 6 ? "metashape" : "postprocess";
            records.add(record("m" + i, levels[i], t.plusSeconds(i)));
            if (levels[i] != null) {
                log.append("{\"project_name\": \"m")
                        .append(i)
                        .append("\", \"config_id\": \"default\", \"completion_level\": \"")
                        .append(levels[i])
                        .append("\", \"timestamp\": \"")
                        .append(t.plusSeconds(i))
                        .append("\", \"workflow_name\": \"w\"}\n");
            }
        }
        String bootstrap = ctx.stack.settings().kafkaBootstrapServers();
        Kafka.produce(bootstrap, TOPIC, records, CompletionRecorded::key, MarkerBench::bytes);
        records.clear();
        ctx.log("planner: %,d completions in %s", keys, TOPIC);
        return log.toString();
    }

    /** The seed's {@code generate_remaining_configs.py}, three times; its output must equal {@code cairnOutput}. */
    private List<Double> runSeedScript(Path list, Path logFile, String cairnOutput) throws IOException {
        List<Double> seed = new ArrayList<>();
        Path seedOut = ctx.work.resolve("planner-seed-output.txt");
        for (int i = 0; i < 3; i++) {
            var run = PythonScript.run(
                    ctx.repo.resolve("tools/seed-scripts/generate_remaining_configs.py"),
                    List.of(list.toString(), logFile.toString(), "--level", "postprocess"),
                    Map.of(),
                    seedOut,
                    ctx.work.resolve("planner-seed.err"));
            LedgerBench.check(run.exit() == 0, "generate_remaining_configs.py exit 0");
            seed.add(run.seconds() * 1000);
        }
        LedgerBench.check(
                Files.readString(seedOut).equals(cairnOutput),
                "the planner's config list equals the seed script's output");
        return seed;
    }

    /** The files and bodies of a run: the config list, the seed-format log, the plan and config-list bodies. */
    private record Inputs(Path list, Path logFile, String planBody, String listBody) {}

    /** Half the names known to the view, half new; written as a config list and as a plan request. */
    private Inputs writeInputs(int names, int keys, Random random, String log) throws IOException {
        List<String> requested = new ArrayList<>(names);
        for (int i = 0; i < names; i++) {
            requested.add(i % 2 == 0 ? "m" + random.nextInt(keys) : "new_" + i);
        }
        Path list = ctx.work.resolve("planner-config-list.txt");
        Path logFile = ctx.work.resolve("planner-completion-log.jsonl");
        Files.writeString(
                list,
                String.join(
                                "\n",
                                requested.stream()
                                        .map(n -> "configs/" + n + ".yml")
                                        .toList()) + "\n");
        Files.writeString(logFile, log);
        String planBody =
                "{\"pipeline\": \"photogrammetry\", \"config_id\": \"default\", \"skip_if_complete\": \"postprocess\", "
                        + "\"projects\": [\"" + String.join("\", \"", requested) + "\"]}";
        String listBody = Files.readString(list);
        return new Inputs(list, logFile, planBody, listBody);
    }
}
