package dev.cairn.bench;

import dev.cairn.local.CairnCluster;
import dev.cairn.local.CairnCluster.Service;
import dev.cairn.local.Demo;
import dev.cairn.local.ServiceJvm;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Footprint: start-to-ready of each service started alone (devstack up, cold JVM), of all four started together,
 * and the resident memory of each after the local run's demo (the acceptance-sized load) and a short idle pause.
 * The services get the JVM options {@code ./run-local} gives them ({@link ServiceJvm#LOCAL}); each start alone is
 * also measured with the plain options ({@code -Xmx512m}) in the same run, as the ratio's baseline.
 */
final class FootprintBench {

    static final String DATABASE = "bench_footprint";
    private static final List<String> PLAIN = List.of("-Xmx512m");
    private static final Duration IDLE = Duration.ofSeconds(10);

    private final BenchContext ctx;

    FootprintBench(BenchContext ctx) {
        this.ctx = ctx;
    }

    Map<String, Object> run() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jvm_options", String.join(" ", ServiceJvm.LOCAL));
        ServiceJvm.Java java = ServiceJvm.java(ServiceJvm.LOCAL);
        out.put("service_java_release", java.release());
        ctx.log(
                "footprint: the services run on Java %d (%s), the plain baseline on this JVM",
                java.release(), java.launcher());
        double worst = 0;
        for (Service s : Service.values()) {
            if (!ServiceJvm.hasArchive(ctx.repo, s, java)) {
                // the first start after a build writes the service's class-data archive when it stops
                startAlone(s, ServiceJvm.LOCAL);
                out.put(shortName(s) + "_app_cds_archive_written", ServiceJvm.hasArchive(ctx.repo, s, java));
            }
            // plain first: a first start also warms the OS page cache for the jars, which the lean start then shares
            Start plain = startAlone(s, PLAIN);
            Start lean = startAlone(s, ServiceJvm.LOCAL);
            String name = shortName(s);
            out.put(name + "_start_s", Stats.round(lean.seconds(), 2));
            out.put(name + "_start_cpu_s", Stats.round(lean.cpuSeconds(), 2));
            out.put(name + "_start_plain_s", Stats.round(plain.seconds(), 2));
            out.put(name + "_start_plain_cpu_s", Stats.round(plain.cpuSeconds(), 2));
            worst = Math.max(worst, lean.seconds());
            ctx.log(
                    "footprint: %s alone ready in %.2f s, %.2f CPU s (plain options %.2f s, %.2f CPU s)",
                    s.module, lean.seconds(), lean.cpuSeconds(), plain.seconds(), plain.cpuSeconds());
        }
        out.put("max_start_s", Stats.round(worst, 2));
        try {
            together(out);
        } catch (RuntimeException e) {
            // the starts alone stay in the results
            String m = String.valueOf(e.getMessage());
            out.put("all_four_error", m.lines().findFirst().orElse(m));
            ctx.log("footprint: all four together FAILED: %s", out.get("all_four_error"));
        }
        return out;
    }

    /** All four started at once, then the demo, an idle pause and each one's resident memory. */
    private void together(Map<String, Object> out) {
        long t0 = System.nanoTime();
        try (CairnCluster all = cluster(EnumSet.allOf(Service.class), ServiceJvm.LOCAL)) {
            double together = (System.nanoTime() - t0) / 1e9;
            double cpu = 0;
            for (Service s : Service.values()) {
                cpu += ProcStats.cpuSeconds(all.app(s).pid());
            }
            out.put("all_four_start_s", Stats.round(together, 2));
            out.put("all_four_start_cpu_s", Stats.round(cpu, 2));
            ctx.log("footprint: all four ready in %.2f s (%.1f CPU s together)", together, cpu);
            int failures = new Demo(all, new PrintStream(OutputStream.nullOutputStream())).run();
            LedgerBench.check(failures == 0, "the demo passes (" + failures + " failed checks)");
            BenchContext.sleep(IDLE.toMillis());
            double maxIdle = 0;
            for (Service s : Service.values()) {
                long pid = all.app(s).pid();
                double rss = ProcStats.rssMb(pid);
                out.put(shortName(s) + "_idle_rss_mb", Stats.round(rss, 0));
                out.put(shortName(s) + "_peak_rss_mb", Stats.round(ProcStats.peakRssMb(pid), 0));
                maxIdle = Math.max(maxIdle, rss);
            }
            out.put("max_idle_rss_mb", Stats.round(maxIdle, 0));
            ctx.log("footprint: idle RSS after the demo at most %.0f MB", maxIdle);
        }
    }

    /** Wall-clock and CPU seconds of a start to readiness (CPU is what a loaded machine moves least). */
    private record Start(double seconds, double cpuSeconds) {}

    /** Service {@code s} started alone, on an empty database, until its readiness answers. */
    private Start startAlone(Service s, List<String> jvm) {
        try (CairnCluster one = cluster(Set.of(s), jvm)) {
            return new Start(
                    one.readySeconds(s), ProcStats.cpuSeconds(one.app(s).pid()));
        }
    }

    private CairnCluster cluster(Set<Service> services, List<String> jvm) {
        CairnCluster.Options options = new CairnCluster.Options(
                false, DATABASE, BenchContext.TOKEN, ctx.work.resolve("logs/footprint"), Map.of(), jvm);
        List<String> progress = new ArrayList<>();
        return CairnCluster.startOn(ctx.stack, ctx.repo, options, services, progress::add);
    }

    /** footprint.ledger_peak_rss_mb: the ledger's peak RSS during the ledger scenario of this run, if it ran. */
    @SuppressWarnings("unchecked")
    static void addLedgerPeak(Map<String, Object> out) {
        if (out.get("footprint") instanceof Map<?, ?> f
                && !f.containsKey("error")
                && out.get("ledger") instanceof Map<?, ?> ledger
                && ledger.get("ledger_peak_rss_mb") instanceof Number peak) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) f);
            merged.put("ledger_bench_peak_rss_mb", peak);
            out.put("footprint", merged);
        }
    }

    static String shortName(Service s) {
        return s.module.replace("-service", "");
    }
}
