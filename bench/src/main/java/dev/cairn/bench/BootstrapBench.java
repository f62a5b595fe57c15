package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import dev.cairn.devstack.AppProcess;
import dev.cairn.devstack.RuntimeDirs;
import dev.cairn.devstack.S3Server;
import dev.cairn.local.CairnClient;
import dev.cairn.local.CairnCluster;
import dev.cairn.local.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Bootstrap: a bucket of N objects (projects × 5 files: four in {@code internal/<project>/}, one in {@code public/})
 * on LocalS3, scanned by the seed's {@code generate_retroactive_log.py --dry-run} and by a bootstrap dry run; their
 * entries must be the same. Done at two sizes to show the service's heap does not grow with the object count.
 */
final class BootstrapBench {

    /** The bootstrap scenario's ledger reads this (empty) topic instead of {@code cairn.stage-events}. */
    static final String LEDGER_TOPIC = "bench.bootstrap-ledger-input";

    private final BenchContext ctx;

    BootstrapBench(BenchContext ctx) {
        this.ctx = ctx;
    }

    Map<String, Object> run() throws Exception {
        // a million objects live in LocalS3's heap (metadata and content): give it room
        try (S3Server s3 = S3Server.start(
                S3Server.Kind.LOCALS3, RuntimeDirs.from(System.getenv()), 0, Duration.ofSeconds(90), "8g")) {
            ctx.log(
                    "bootstrap: LocalS3 at %s (S3Proxy's listing cost grows with the bucket, so it is not used here)",
                    s3.endpoint());
            AppProcess ledger = startLedger();
            Map<String, Object> small;
            Map<String, Object> big;
            try {
                small = scan(s3.endpoint(), ledger, "bench-small", ctx.sizes.bootstrapSmallObjects());
                big = scan(s3.endpoint(), ledger, "bench-big", ctx.sizes.bootstrapObjects());
            } finally {
                ledger.stop(15);
            }
            Map<String, Object> out = new LinkedHashMap<>(big);
            out.put("s3_server", "LocalS3 2.4 (io.github.robothy:local-s3-rest), in memory");
            out.put("smaller_run", small);
            out.put(
                    "peak_heap_mb_ratio_big_to_small",
                    Stats.round((double) big.get("peak_heap_mb") / (double) small.get("peak_heap_mb"), 2));
            return out;
        }
    }

    /**
     * The ledger a scan is submitted against: the bootstrap service asks it whether the pipeline and its stages are
     * declared, dry runs too. It reads a topic of its own, so it does not apply what other scenarios left on
     * {@code cairn.stage-events} while the scan is timed.
     */
    private AppProcess startLedger() throws Exception {
        String db = "cairn_bench_bootstrap_ledger";
        ctx.freshDatabase(db);
        Path pipelines = ctx.work.resolve("bootstrap-pipelines.json");
        Files.writeString(pipelines, "{\"photogrammetry\": [\"metashape\", \"postprocess\"]}");
        return ctx.start(
                CairnCluster.Service.LEDGER,
                "ledger-bootstrap",
                db,
                Map.of(
                        "CAIRN_LEDGER_PIPELINES_FILE",
                        pipelines.toString(),
                        "CAIRN_LEDGER_STAGE_EVENTS_TOPIC",
                        LEDGER_TOPIC,
                        "CAIRN_LEDGER_CONSUMER_GROUP",
                        "bench-bootstrap"),
                "512m");
    }

    private Map<String, Object> scan(String endpoint, AppProcess ledger, String bucket, int objects) throws Exception {
        int projects = objects / 5;
        S3Server.createBuckets(endpoint, List.of(bucket));
        long t0 = System.nanoTime();
        S3Loader.put(endpoint, bucket, projects * 5, i -> key(i / 5, i % 5), 32);
        ctx.log(
                "bootstrap: %,d objects (%,d projects) in s3://%s in %.0f s",
                projects * 5, projects, bucket, (System.nanoTime() - t0) / 1e9);

        Path seedOut = ctx.work.resolve("bootstrap-seed-" + bucket + ".jsonl");
        var seed = runSeedScript(endpoint, bucket, seedOut);
        ctx.log("bootstrap: seed script %.1f s (%,.0f objects/s)", seed.seconds(), projects * 5 / seed.seconds());

        String db = "cairn_bench_bootstrap";
        ctx.freshDatabase(db);
        AppProcess app = ctx.start(
                CairnCluster.Service.BOOTSTRAP,
                "bootstrap-bench-" + bucket,
                db,
                // scans read only allowed buckets (none by default): this one, as an operator would list it
                Map.of(
                        "QUARKUS_S3_ENDPOINT_OVERRIDE",
                        endpoint,
                        "CAIRN_BOOTSTRAP_ALLOWED_BUCKETS",
                        bucket,
                        "CAIRN_BOOTSTRAP_LEDGER_URL",
                        ledger.baseUrl(),
                        "CAIRN_BOOTSTRAP_LEDGER_TOKEN",
                        BenchContext.TOKEN),
                "512m");
        CairnClient http = new CairnClient(BenchContext.TOKEN);
        String body = """
                {"pipeline": "photogrammetry", "dry_run": true, "stages": ["metashape", "postprocess"], "sources": {
                  "metashape": {"bucket": "%s", "prefix": "internal", "layout": "folder"},
                  "postprocess": {"bucket": "%s", "prefix": "public", "layout": "flat"}}}""".formatted(bucket, bucket);
        double cpu0 = ProcStats.cpuSeconds(app.pid());
        long start = System.nanoTime();
        CairnClient.Answer posted = http.post(app.baseUrl() + "/api/v1/scans", "application/json", body);
        LedgerBench.check(posted.status() == 202, "scan accepted: " + posted.body());
        String id = Json.mapper().readTree(posted.body()).path("id").asText();
        double[] peakHeap = {0};
        JsonNode[] state = new JsonNode[1];
        BenchContext.await("the scan of " + bucket, Duration.ofHours(3), Duration.ofMillis(500), () -> {
            peakHeap[0] = Math.max(
                    peakHeap[0], Metrics.value(app.baseUrl(), "jvm_memory_used_bytes", "area=\"heap\"") / 1048576.0);
            state[0] = json(http.get(app.baseUrl() + "/api/v1/scans/" + id).body());
            return Set.of("completed", "failed", "cancelled")
                    .contains(state[0].path("state").asText());
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        LedgerBench.check("completed".equals(state[0].path("state").asText()), "scan completed: " + state[0]);
        String entries =
                http.get(app.baseUrl() + "/api/v1/scans/" + id + "/entries").body();
        double liveHeap = Heap.liveMb(app.pid());
        double cpu = ProcStats.cpuSeconds(app.pid()) - cpu0;
        double rss = ProcStats.peakRssMb(app.pid());
        app.stop(15);
        LedgerBench.check(
                levels(entries).equals(levels(Files.readString(seedOut))),
                "the dry run's entries equal the seed script's");

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("objects", projects * 5);
        out.put("projects", projects);
        out.put("objects_per_s", Stats.round(projects * 5 / seconds, 0));
        out.put("scan_seconds", Stats.round(seconds, 1));
        out.put("seed_script_seconds", Stats.round(seed.seconds(), 1));
        out.put("seed_script_objects_per_s", Stats.round(projects * 5 / seed.seconds(), 0));
        out.put("ratio_to_seed_script", Stats.round(seed.seconds() / seconds, 2));
        out.put("peak_heap_mb", Stats.round(peakHeap[0], 1));
        out.put("live_heap_after_gc_mb", Stats.round(liveHeap, 1));
        out.put("bootstrap_cpu_seconds", Stats.round(cpu, 1));
        out.put("bootstrap_peak_rss_mb", Stats.round(rss, 0));
        out.put("entries_equal_seed_script", true);
        ctx.log(
                "bootstrap %s: %,.0f objects/s vs seed %,.0f objects/s; peak heap %.0f MB",
                bucket, projects * 5 / seconds, projects * 5 / seed.seconds(), peakHeap[0]);
        return out;
    }

    /** The seed's {@code generate_retroactive_log.py --dry-run} over the bucket; its entries go to {@code seedOut}. */
    private PythonScript.Run runSeedScript(String endpoint, String bucket, Path seedOut) {
        var seed = PythonScript.run(
                ctx.repo.resolve("tools/seed-scripts/generate_retroactive_log.py"),
                List.of(
                        "--internal-bucket",
                        bucket,
                        "--internal-prefix",
                        "internal",
                        "--public-bucket",
                        bucket,
                        "--public-prefix",
                        "public",
                        "--dry-run",
                        "--output",
                        ctx.work.resolve("unused.jsonl").toString()),
                Map.of(
                        "S3_ENDPOINT",
                        endpoint,
                        "AWS_ACCESS_KEY_ID",
                        S3Server.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY",
                        S3Server.SECRET_KEY,
                        "AWS_DEFAULT_REGION",
                        S3Server.REGION),
                seedOut,
                ctx.work.resolve("bootstrap-seed-" + bucket + ".err"));
        LedgerBench.check(seed.exit() == 0, "generate_retroactive_log.py exit 0 (see " + seed.stderr() + ")");
        return seed;
    }

    /** Object {@code file} (0-4) of project {@code p}: four product files in its folder, one flat postprocess file. */
    static String key(int p, int file) {
        String name = "mission_" + p;
        return switch (file) {
            case 0 -> "internal/" + name + "/" + name + "_ortho.tif";
            case 1 -> "internal/" + name + "/" + name + "_dsm-ptcloud.tif";
            case 2 -> "internal/" + name + "/" + name + "_report.pdf";
            case 3 -> "internal/" + name + "/" + name + "_log.txt";
            default -> p % 5 < 3 ? "public/" + name + "_ortho.tif" : "public/" + name + "_ortho.tif.aux.xml";
        };
    }

    private static Set<String> levels(String jsonl) {
        Set<String> out = new TreeSet<>();
        for (String line : jsonl.split("\n")) {
            if (!line.isBlank()) {
                JsonNode e = json(line);
                out.add(e.path("project_name").asText() + ":"
                        + e.path("completion_level").asText());
            }
        }
        return out;
    }

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(s, e);
        }
    }
}
