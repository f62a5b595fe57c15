package dev.cairn.bench;

import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.MarkerWritten;
import dev.cairn.contracts.StageState;
import dev.cairn.devstack.AppProcess;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.local.CairnCluster;
import dev.cairn.local.Metrics;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Markers: throughput over N completions pre-loaded in the input topic; event→{@code completion_marker.txt} latency
 * at two fixed rates, 200/s then 400/s (from the completion's {@code recorded_at} to MarkerWritten's
 * {@code written_at}, both stamped on this machine); and the sequential baseline (the same three files per marker, one
 * PUT at a time).
 */
final class MarkerBench {

    static final String INPUT = "bench.marker-completions";
    static final String OUTPUT = "bench.markers";
    static final String BUCKET = "bench-markers";
    /** The second fixed-rate phase (issue 19: p99 ≤ 500 ms at 400/s), after the one at the sizes' rate (200/s). */
    static final int FAST_RATE_PER_SECOND = 400;

    private final BenchContext ctx;
    List<Double> latencies = List.of();
    List<Double> fastLatencies = List.of();

    MarkerBench(BenchContext ctx) {
        this.ctx = ctx;
    }

    Map<String, Object> run() throws Exception {
        String bootstrap = ctx.stack.settings().kafkaBootstrapServers();
        ctx.stack.createBuckets(List.of(BUCKET));
        int n = ctx.sizes.markerCompletions();
        List<CompletionRecorded> burst = new ArrayList<>();
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            burst.add(completion("burst-" + i, "table_" + i, start.plusSeconds(i), Instant.now()));
        }
        Kafka.produce(bootstrap, INPUT, burst, CompletionRecorded::key, MarkerBench::bytes);
        ctx.log("markers: %,d completions in %s; starting the marker service", n, INPUT);
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "CAIRN_MARKER_BUCKET",
                BUCKET,
                "CAIRN_MARKER_TOPICS_COMPLETIONS",
                INPUT,
                "CAIRN_MARKER_TOPICS_MARKERS",
                OUTPUT));
        if (System.getenv("BENCH_MARKER_CONCURRENCY") != null) {
            env.put("CAIRN_MARKER_CONCURRENCY", System.getenv("BENCH_MARKER_CONCURRENCY"));
        }
        AppProcess marker = ctx.start(CairnCluster.Service.MARKER, "marker-bench", null, env, "512m");
        long s3Pid = ctx.stack.requireS3Server().pid();
        double s3CpuBefore = ProcStats.cpuSeconds(s3Pid);
        CounterSeries series =
                CounterSeries.follow(marker, "cairn_markers_written_total", "", n, Duration.ofMinutes(60));
        double s3Cpu = ProcStats.cpuSeconds(s3Pid) - s3CpuBefore;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("completions", n);
        out.put("markers_per_s", Stats.round(series.ratePerSecond(n), 1));
        out.put("marker_cpu_seconds", Stats.round(series.cpuSeconds(), 1));
        out.put("marker_cpu_ms_per_marker", Stats.round(series.cpuSeconds() * 1000 / n, 2));
        out.put("marker_peak_rss_mb", Stats.round(series.peakRssMb(), 0));
        // the S3 server shares the cores: its CPU over the burst, per marker (the marker's start excluded)
        out.put("s3_cpu_ms_per_marker", Stats.round(s3Cpu * 1000 / n, 2));
        ctx.log(
                "markers: %,.0f markers/s, marker CPU %.2f ms per marker, S3 server CPU %.2f ms per marker",
                series.ratePerSecond(n), series.cpuSeconds() * 1000 / n, s3Cpu * 1000 / n);

        int atSlowRate = ctx.sizes.markerRatePerSecond() * ctx.sizes.markerRateSeconds();
        latencies = fixedRatePhase(
                bootstrap,
                marker,
                new Phase("rate", ctx.sizes.markerRatePerSecond(), "2026-04-01T00:00:00Z", n),
                "",
                out);
        fastLatencies = fixedRatePhase(
                bootstrap,
                marker,
                new Phase("fast", FAST_RATE_PER_SECOND, "2026-05-01T00:00:00Z", n + atSlowRate),
                "_at_" + FAST_RATE_PER_SECOND,
                out);
        marker.stop(30);

        double baseline = sequentialPuts(ctx.sizes.markerBaseline());
        out.put("baseline_markers_per_s", Stats.round(baseline, 1));
        out.put("ratio_to_baseline", Stats.round(series.ratePerSecond(n) / baseline, 2));
        ctx.log("markers baseline (sequential PUTs): %,.0f markers/s", baseline);
        return out;
    }

    /**
     * One fixed-rate phase: {@code rate} completions a second for {@code markerRateSeconds}, new projects named
     * {@code <name>_<i>}; {@code writtenBefore} markers were counted before it. Its figures go into {@code out} with
     * {@code suffix} ("" for the 200/s phase, whose keys predate the 400/s one, "_at_400" for that one).
     */
    private List<Double> fixedRatePhase(
            String bootstrap, AppProcess marker, Phase phase, String suffix, Map<String, Object> out) {
        int rate = phase.rate();
        int count = rate * ctx.sizes.markerRateSeconds();
        double cpuBefore = ProcStats.cpuSeconds(marker.pid());
        List<Double> latencies = atFixedRate(bootstrap, marker, phase, count);
        double cpuMsPerMarker = (ProcStats.cpuSeconds(marker.pid()) - cpuBefore) * 1000 / count;
        Stats stats = new Stats(latencies);
        out.put("rate_per_s" + suffix, rate);
        // the marker's CPU over the phase (records arriving at a running service), per marker
        out.put("rate_marker_cpu_ms_per_marker" + suffix, Stats.round(cpuMsPerMarker, 2));
        out.put("latency_samples" + suffix, stats.count());
        out.put("p50_ms" + suffix, Stats.round(stats.percentile(50), 1));
        out.put("p99_ms" + suffix, Stats.round(stats.percentile(99), 1));
        out.put("max_ms" + suffix, Stats.round(stats.max(), 1));
        ctx.log(
                "markers at %d/s: p50 %.0f ms, p99 %.0f ms, marker CPU %.2f ms per marker",
                rate, stats.percentile(50), stats.percentile(99), cpuMsPerMarker);
        return latencies;
    }

    /** A fixed-rate phase: event ids {@code <name>-<i>}, projects {@code <name>_<i>}, executions from {@code start}. */
    private record Phase(String name, int rate, String start, int writtenBefore) {}

    private List<Double> atFixedRate(String bootstrap, AppProcess marker, Phase phase, int count) {
        int rate = phase.rate();
        Map<String, Instant> sentAt = new HashMap<>();
        ctx.log("markers: %,d completions at %d/s", count, rate);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            long t0 = System.nanoTime();
            Instant start = Instant.parse(phase.start());
            for (int i = 0; i < count; i++) {
                long due = t0 + (long) (i * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                Instant now = Instant.now();
                CompletionRecorded c =
                        completion(phase.name() + "-" + i, phase.name() + "_" + i, start.plusSeconds(i), now);
                sentAt.put(c.eventId(), now);
                kafka.sendAsync(INPUT, c.key(), bytes(c));
            }
            kafka.flush();
            BenchContext.await(
                    "markers of the fixed-rate phase at " + rate + "/s",
                    Duration.ofMinutes(10),
                    Duration.ofMillis(500),
                    () -> Metrics.value(marker.baseUrl(), "cairn_markers_written_total", "")
                            >= phase.writtenBefore() + count);
            List<Double> out = new ArrayList<>();
            kafka.readAll(OUTPUT, r -> r.key() != null).forEach(r -> {
                MarkerWritten m = read(r.value());
                Instant sent = sentAt.get(m.eventId());
                if (sent != null) {
                    out.add(Duration.between(sent, m.writtenAt()).toNanos() / 1e6);
                }
            });
            return out;
        }
    }

    /** One thread, one client, one PUT at a time: the three files of each marker in order. */
    private double sequentialPuts(int markers) throws IOException {
        CompletionRecorded sample = completion("baseline", "table_x", Instant.now(), Instant.now());
        String metadata = Json.mapper().writeValueAsString(sample);
        String metrics = Json.mapper().writeValueAsString(sample.change().metrics());
        String text =
                "SYNC_COMPLETED\nPipeline: sync\nTable: table_x\nStatus: SUCCESS\nTimestamp: 2026-03-01T00:00:00Z\nDuration: 45.20s\nRows: 15000\n";
        try (S3Client s3 = S3Clients.create(ctx.stack.settings().s3Endpoint(), 1)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < markers; i++) {
                String folder = "baseline/sync/table_" + i + "/20260301_000000/";
                s3.putObject(
                        b -> b.bucket(BUCKET).key(folder + "execution_metadata.json"),
                        RequestBody.fromString(metadata));
                s3.putObject(b -> b.bucket(BUCKET).key(folder + "table_metrics.json"), RequestBody.fromString(metrics));
                s3.putObject(b -> b.bucket(BUCKET).key(folder + "completion_marker.txt"), RequestBody.fromString(text));
            }
            return markers / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static CompletionRecorded completion(String eventId, String project, Instant startedAt, Instant recordedAt) {
        Instant occurred = startedAt.plusSeconds(45);
        var metrics = Json.mapper()
                .createObjectNode()
                .put("rows_processed", 15000)
                .put("files_created", 3)
                .put("duration_seconds", 45.2);
        metrics.putObject("mysql_metrics").put("rows_extracted", 15000).put("batches_processed", 3);
        return new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                eventId,
                "sync",
                project,
                "default",
                List.of("sync"),
                "sync",
                Map.of("sync", new StageState(StageState.COMPLETED, occurred, occurred, "bench-run", 1)),
                new Change("stage.completed", "sync", "bench-run", occurred, startedAt, metrics, null, null),
                recordedAt,
                1);
    }

    static byte[] bytes(CompletionRecorded c) {
        try {
            return Json.mapper().writeValueAsBytes(c);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MarkerWritten read(byte[] value) {
        try {
            return Json.mapper().readValue(value, MarkerWritten.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
