package dev.cairn.bench;

import dev.cairn.devstack.DevStack;
import dev.cairn.local.CairnCluster;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * {@code ./run-bench [--quick] [--scale F] [--fresh-rate N] [--only ledger,markers,...] [--jfr]}: starts the
 * devstack, runs each scenario against the packaged services and its baselines, and writes
 * {@code bench/results/<when>.json|.md|*.png} plus {@code bench/results/latest.json}.
 */
public final class Bench {

    /**
     * Every scenario {@code --only} accepts, in the order a full run runs them. A new scenario adds its name here and
     * its block in {@link #main}.
     */
    static final List<String> SCENARIOS =
            List.of("ledger", "markers", "planner", "fresh", "bootstrap", "backup", "ui", "items", "footprint");

    private Bench() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        List<String> argv = Arrays.asList(args);
        int report = argv.indexOf("--report");
        if (report >= 0) {
            if (report + 1 >= argv.size() || !argv.get(report + 1).endsWith(".json")) {
                System.err.println("--report needs the path of a result file, e.g. --report bench/results/latest.json");
                System.exit(2);
            }
            rewriteReport(Path.of(argv.get(report + 1)));
            return;
        }
        boolean quick = argv.contains("--quick");
        BenchSizes sizes = quick ? BenchSizes.quick() : BenchSizes.full();
        int scale = argv.indexOf("--scale");
        if (scale >= 0) {
            sizes = sizes.scaled(Double.parseDouble(argv.get(scale + 1)));
        }
        int freshRate = argv.indexOf("--fresh-rate");
        if (freshRate >= 0) {
            sizes = sizes.withFreshLoad(freshRateArg(argv, freshRate));
        }
        int only = argv.indexOf("--only");
        Set<String> scenarios = only >= 0 ? onlyScenarios(argv, only) : Set.copyOf(SCENARIOS);

        Path repo = CairnCluster.findRepo(Path.of(""));
        String when = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        Path results = Files.createDirectories(repo.resolve("bench/results"));
        Path work = Files.createDirectories(repo.resolve("bench/work/" + when));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machine", machine());
        out.put("when", Instant.now().toString());
        out.put("quick", quick);
        out.put("sizes", sizes);
        out.put("command", "./run-bench " + String.join(" ", args));
        try (DevStack stack = new DevStack(false, false, 3, System.getenv())) {
            stack.ensure(EnumSet.allOf(DevStack.Service.class));
            createTopics(stack.settings().kafkaBootstrapServers());
            BenchContext ctx = new BenchContext(repo, stack, sizes, work, argv.contains("--jfr"));
            ctx.log("devstack: %s", String.join("; ", stack.describe()));
            runScenarios(scenarios, ctx, out, results, when);
        }
        writeResults(out, repo, results, when);
    }

    /** Runs the chosen scenarios in a fixed order, each one's results under its name in {@code out}. */
    private static void runScenarios(
            Set<String> scenarios, BenchContext ctx, Map<String, Object> out, Path results, String when) {
        if (scenarios.contains("footprint")) {
            // first: its services use the default topics, as ./run-local does, while they are still empty; the
            // ledger and fresh scenarios fill them (a planner started after them reads a million completions first)
            scenario(out, "footprint", ctx, () -> new FootprintBench(ctx).run());
        }
        if (scenarios.contains("ledger")) {
            LedgerBench ledger = new LedgerBench(ctx);
            scenario(out, "ledger", ctx, () -> {
                Map<String, Object> r = ledger.run();
                Charts.throughput(ledger.throughputOverTime(), results.resolve(when + "-ledger-throughput.png"));
                return r;
            });
        }
        if (scenarios.contains("markers")) {
            MarkerBench markers = new MarkerBench(ctx);
            scenario(out, "markers", ctx, () -> {
                Map<String, Object> r = markers.run();
                Charts.latencyPercentiles(
                        markers.latencies,
                        ctx.sizes.markerRatePerSecond(),
                        results.resolve(when + "-marker-latency.png"));
                Charts.latencyPercentiles(
                        markers.fastLatencies,
                        MarkerBench.FAST_RATE_PER_SECOND,
                        results.resolve(when + "-marker-latency-" + MarkerBench.FAST_RATE_PER_SECOND + ".png"));
                return r;
            });
        }
        if (scenarios.contains("planner")) {
            scenario(out, "planner", ctx, () -> new PlannerBench(ctx).run());
        }
        if (scenarios.contains("fresh")) {
            // its keys (fresh_*) join the planner's results: planner.fresh_p50_ms, planner.fresh_p99_ms
            scenario(out, "fresh", ctx, () -> new FreshBench(ctx).run());
            mergeInto(out, "fresh", "planner");
        }
        if (scenarios.contains("bootstrap")) {
            scenario(out, "bootstrap", ctx, () -> new BootstrapBench(ctx).run());
        }
        if (scenarios.contains("backup")) {
            scenario(out, "backup", ctx, () -> new BackupBench(ctx).run());
        }
        if (scenarios.contains("ui")) {
            scenario(out, "ui", ctx, () -> new UiBench(ctx).run());
        }
        if (scenarios.contains("items")) {
            scenario(out, "items", ctx, () -> new ItemsBench(ctx).run());
        }
        FootprintBench.addLedgerPeak(out);
    }

    /** The events/s of {@code --fresh-rate N}: a positive whole number, else exit 2 with what was expected. */
    private static int freshRateArg(List<String> argv, int at) {
        String value = at + 1 < argv.size() ? argv.get(at + 1) : "";
        try {
            int rate = Integer.parseInt(value);
            if (rate > 0) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("--fresh-rate needs the background load of the fresh scenario in events/s, a whole number"
                + " above 0 (e.g. --fresh-rate 1000); got '" + value + "'");
        System.exit(2);
        return 0;
    }

    /** The names after {@code --only}, each one of {@link #SCENARIOS}, or exit 2 naming the ones it knows. */
    private static Set<String> onlyScenarios(List<String> argv, int only) {
        if (only + 1 >= argv.size()) {
            System.err.println("--only needs a list of scenarios: " + String.join(",", SCENARIOS));
            System.exit(2);
        }
        Set<String> names = Set.copyOf(Arrays.asList(argv.get(only + 1).split(",")));
        for (String n : names) {
            if (!SCENARIOS.contains(n)) {
                System.err.println("unknown scenario '" + n + "'; --only takes some of " + String.join(",", SCENARIOS));
                System.exit(2);
            }
        }
        return names;
    }

    /** Writes the JSON and Markdown report (and the plots) under {@code when}, copies them to latest.*, prints it. */
    private static void writeResults(Map<String, Object> out, Path repo, Path results, String when) throws Exception {
        Path json = results.resolve(when + ".json");
        Report.writeJson(out, json);
        Report.writeMarkdown(out, results.resolve(when + ".md"), (String) out.get("command"));
        Report.writeJson(LatestResults.merge(results.resolve("latest.json"), out), results.resolve("latest.json"));
        Files.copy(results.resolve(when + ".md"), results.resolve("latest.md"), StandardCopyOption.REPLACE_EXISTING);
        for (String png : List.of("ledger-throughput", "marker-latency", "marker-latency-400")) {
            Path p = results.resolve(when + "-" + png + ".png");
            if (Files.exists(p)) {
                Files.copy(p, results.resolve("latest-" + png + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.out.println("\nReport: " + repo.relativize(results.resolve(when + ".md")) + "\n"
                + Files.readString(results.resolve(when + ".md")));
    }

    /** {@code --report results.json}: writes the Markdown report of an existing JSON result again, next to it. */
    @SuppressWarnings("unchecked")
    private static void rewriteReport(Path json) throws Exception {
        Map<String, Object> results = dev.cairn.contracts.Json.mapper().readValue(json.toFile(), Map.class);
        Path md = json.resolveSibling(json.getFileName().toString().replace(".json", ".md"));
        Report.writeMarkdown(results, md, String.valueOf(results.getOrDefault("command", "./run-bench")));
        System.out.println(Files.readString(md));
    }

    /** Moves the results of scenario {@code from} into those of {@code to} (a failure stays under its own name). */
    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> out, String from, String to) {
        if (out.get(from) instanceof Map<?, ?> results && !results.containsKey("error")) {
            Map<String, Object> target = new LinkedHashMap<>();
            if (out.get(to) instanceof Map<?, ?> m) {
                target.putAll((Map<String, Object>) m);
            }
            target.putAll((Map<String, Object>) results);
            out.put(to, target);
            out.remove(from);
        }
    }

    interface Scenario {
        Map<String, Object> run() throws Exception;
    }

    /** Runs one scenario; a failure is recorded in the results (and the log) and the next scenario still runs. */
    private static void scenario(Map<String, Object> out, String name, BenchContext ctx, Scenario scenario) {
        try {
            out.put(name, scenario.run());
        } catch (Exception | Error e) {
            ctx.log("%s FAILED: %s", name, e);
            e.printStackTrace();
            out.put(name, Map.of("error", String.valueOf(e)));
        }
    }

    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Kafka.admin(bootstrap)) {
            admin.createTopics(List.of(
                            new NewTopic(JdbcSinkBaseline.TOPIC, 3, (short) 1),
                            new NewTopic(MarkerBench.INPUT, 3, (short) 1),
                            new NewTopic(MarkerBench.OUTPUT, 3, (short) 1),
                            new NewTopic(PlannerBench.TOPIC, 3, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                            new NewTopic(FreshBench.INGEST_TOPIC, 3, (short) 1),
                            new NewTopic(BootstrapBench.LEDGER_TOPIC, 3, (short) 1),
                            new NewTopic(PlannerBench.EMPTY_TOPIC, 3, (short) 1)
                                    .configs(Map.of("cleanup.policy", "compact")),
                            new NewTopic(UiBench.TOPIC, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get();
        }
    }

    private static String machine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown";
        }
        String cpu = "unknown cpu";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 2))
                    .orElse(cpu);
        } catch (Exception e) {
            // not Linux
        }
        return host + ", " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Math.round(((com.sun.management.OperatingSystemMXBean)
                                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                                .getTotalMemorySize()
                        / 1e9)
                + " GB, Java " + System.getProperty("java.version");
    }
}
