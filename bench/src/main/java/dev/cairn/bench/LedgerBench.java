package dev.cairn.bench;

import dev.cairn.contracts.Topics;
import dev.cairn.devstack.AppProcess;
import dev.cairn.local.CairnCluster;
import dev.cairn.local.Metrics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ledger ingest: N records (10% duplicates) pre-loaded into {@code cairn.stage-events}, then consumed by one ledger
 * instance; the same records replayed (the group rewound: nothing may be added); and, on the same records, the naive
 * per-event transaction (the ledger with one record per poll) and Kafka Connect's JDBC sink.
 */
final class LedgerBench {

    private final BenchContext ctx;
    CounterSeries ingest;

    LedgerBench(BenchContext ctx) {
        this.ctx = ctx;
    }

    Map<String, Object> run() throws Exception {
        int total = ctx.sizes.ledgerEvents();
        ctx.log("ledger: generating %,d records (10%% duplicates)", total);
        EventData data = EventData.generate(total);
        String bootstrap = ctx.stack.settings().kafkaBootstrapServers();
        double produced = Kafka.produce(
                bootstrap, Topics.STAGE_EVENTS, data.records, EventData.Event::key, EventData.Event::bytes);
        Kafka.produce(
                bootstrap, JdbcSinkBaseline.TOPIC, data.records, EventData.Event::key, EventData::withConnectSchema);
        ctx.log(
                "ledger: %,d records in %s (%,.0f records/s produced); starting the ledger",
                total, Topics.STAGE_EVENTS, produced);

        String db = "cairn_bench_ledger";
        ctx.freshDatabase(db);
        var pipelines = ctx.work.resolve("pipelines.json");
        Files.writeString(pipelines, "{\"" + EventData.PIPELINE + "\": [\"metashape\", \"postprocess\"]}");
        Map<String, String> env = Map.of("CAIRN_LEDGER_PIPELINES_FILE", pipelines.toString());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("events", total);
        out.put("unique_events", data.unique);

        AppProcess ledger = ctx.start(CairnCluster.Service.LEDGER, "ledger-bench", db, env, "1g");
        ingest = CounterSeries.follow(
                ledger,
                "cairn_ledger_events_consumed_total",
                "",
                total,
                Duration.ofMinutes(60),
                new Progress(ctx, "ledger ingest: events applied", total));
        long rows = ctx.scalar(db, "select count(*) from ledger.event");
        check(rows == data.unique, "history rows " + rows + " == unique events " + data.unique);
        long t0 = System.nanoTime();
        BenchContext.await(
                "the outbox to be relayed",
                Duration.ofMinutes(30),
                Duration.ofMillis(250),
                () -> Kafka.endOffsets(bootstrap, Topics.COMPLETIONS) >= data.unique);
        out.put("events_per_s", Stats.round(ingest.ratePerSecond(total), 0));
        out.put("ingest_seconds", Stats.round(ingest.seconds(), 2));
        out.put("relay_catch_up_seconds_after_ingest", Stats.round((System.nanoTime() - t0) / 1e9, 2));
        out.put("ledger_cpu_seconds", Stats.round(ingest.cpuSeconds(), 1));
        out.put("ledger_peak_rss_mb", Stats.round(ingest.peakRssMb(), 0));
        ctx.log(
                "ledger: %,.0f events/s (%,d history rows, %,.1f s)",
                ingest.ratePerSecond(total), rows, ingest.seconds());
        ledger.stop(30);

        Kafka.rewind(bootstrap, "cairn-ledger", Topics.STAGE_EVENTS);
        AppProcess replay = ctx.start(CairnCluster.Service.LEDGER, "ledger-bench-replay", db, env, "1g");
        CounterSeries again = CounterSeries.follow(
                replay,
                "cairn_ledger_events_consumed_total",
                "",
                total,
                Duration.ofMinutes(60),
                new Progress(ctx, "ledger replay: events consumed", total));
        long rowsAfter = ctx.scalar(db, "select count(*) from ledger.event");
        check(rowsAfter == rows, "a replay adds no row (" + rowsAfter + " == " + rows + ")");
        out.put("replay_events_per_s", Stats.round(again.ratePerSecond(total), 0));
        out.put("replay_rows_added", rowsAfter - rows);
        ctx.log("ledger replay: %,.0f events/s, %d rows added", again.ratePerSecond(total), rowsAfter - rows);
        replay.stop(30);

        out.put("baseline_events_per_s", Stats.round(naive(env), 0));

        String sinkDb = "cairn_bench_sink";
        ctx.freshDatabase(sinkDb);
        ctx.log("ledger baseline: Kafka Connect + Debezium JDBC sink (upsert by event_id, batch 500)");
        JdbcSinkBaseline.Result sink = JdbcSinkBaseline.run(ctx, sinkDb, total, data.unique);
        out.put("jdbc_sink_events_per_s", Stats.round(sink.recordsPerSecond(), 0));
        out.put("jdbc_sink_cpu_seconds", Stats.round(sink.cpuSeconds(), 1));
        out.put("jdbc_sink_peak_rss_mb", Stats.round(sink.peakRssMb(), 0));
        ctx.log("JDBC sink: %,.0f records/s", sink.recordsPerSecond());
        out.put(
                "ratio_to_naive",
                Stats.round((double) out.get("events_per_s") / (double) out.get("baseline_events_per_s"), 2));
        out.put("ratio_to_jdbc_sink", Stats.round((double) out.get("events_per_s") / sink.recordsPerSecond(), 2));
        return out;
    }

    /** The same code path with one record per poll: one transaction per event, on an empty database. */
    private double naive(Map<String, String> env) {
        String db = "cairn_bench_naive";
        ctx.freshDatabase(db);
        Map<String, String> naiveEnv = new LinkedHashMap<>(env);
        naiveEnv.put("CAIRN_LEDGER_MAX_BATCH", "1");
        naiveEnv.put("CAIRN_LEDGER_CONSUMER_GROUP", "bench-naive");
        AppProcess naive = ctx.start(CairnCluster.Service.LEDGER, "ledger-bench-naive", db, naiveEnv, "1g");
        String url = naive.baseUrl();
        BenchContext.await(
                "the naive ledger to start consuming",
                Duration.ofMinutes(2),
                Duration.ofMillis(100),
                () -> Metrics.value(url, "cairn_ledger_events_consumed_total", "") > 0);
        double v0 = Metrics.value(url, "cairn_ledger_events_consumed_total", "");
        long t0 = System.nanoTime();
        Progress progress = new Progress(ctx, "ledger baseline (one transaction per event): events applied", 0);
        progress.update(v0);
        while (System.nanoTime() - t0 < ctx.sizes.naiveSeconds() * 1_000_000_000L) {
            BenchContext.sleep(Math.min(1000L, ctx.sizes.naiveSeconds() * 1000L));
            progress.update(Metrics.value(url, "cairn_ledger_events_consumed_total", ""));
        }
        double v1 = Metrics.value(url, "cairn_ledger_events_consumed_total", "");
        double rate = (v1 - v0) / ((System.nanoTime() - t0) / 1e9);
        ctx.log(
                "ledger baseline (one transaction per event): %,.0f events/s over %d s",
                rate, ctx.sizes.naiveSeconds());
        naive.stop(30);
        return rate;
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("check failed: " + what);
        }
    }

    List<CounterSeries.Sample> throughputOverTime() {
        return ingest.rates();
    }
}
