package dev.cairn.local.faults;

import dev.cairn.devstack.DevStack;
import dev.cairn.local.CairnCluster;
import dev.cairn.local.CairnCluster.Service;
import dev.cairn.local.LoopbackTuning;
import dev.cairn.local.ServiceJvm;
import dev.cairn.local.faults.FaultScenarios.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * {@code ./run-faults}: the fault matrix under load. Starts the devstack (S3 on disk, PostgreSQL behind the devstack's
 * TcpProxy) and the four packaged services as processes, then per scenario of {@link FaultScenarios}: a fresh pipeline,
 * the load of {@link FaultLoad}, one fault injected a third of the way in, the drain, and {@link FaultCheck}'s figures,
 * the recovery time (end of the fault to an event applied, its marker written and a fresh plan answered) and whether
 * readiness went DOWN and came back. Writes {@code faults/results/<when>.{json,md}} and {@code latest.*}.
 *
 * <p>Options: {@code --projects N} (default 1000), {@code --rate N} deliveries/s (default 150), {@code --pg-seconds
 * a,b,..} (default 10,90,300), {@code --down-seconds a,b,..} for the broker and S3 (default 10,90), {@code
 * --slow-seconds N} (default 60), {@code --slow-ms N} (default 500), {@code --only a,b} (scenario names or their
 * beginnings).
 */
public final class FaultMatrix {

    private final CairnCluster cluster;
    private final Map<String, String> options;
    private final FaultCheck check;
    private final List<ScenarioResult> results = new ArrayList<>();

    private FaultMatrix(CairnCluster cluster, Map<String, String> options) {
        this.cluster = cluster;
        this.options = options;
        this.check = new FaultCheck(cluster);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: ./run-faults [--projects N] [--rate N] [--pg-seconds a,b] "
                        + "[--down-seconds a,b] [--slow-seconds N] [--slow-ms N] [--only a,b]");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        Path repo = CairnCluster.findRepo(Path.of(""));
        CairnCluster.Options o = new CairnCluster.Options(
                false,
                "cairn_faults",
                "cairn-faults-token-0123456789",
                repo.resolve("target/faults-run"),
                LoopbackTuning.of(System.getenv()),
                // the services' archive, as ./run-local has it (ServiceJvm), without its lean compiler and collector
                // options: a killed service's restart is part of its scenario's recovery
                List.of("-Xmx384m", ServiceJvm.APP_CDS));
        writeArchives(repo, o);
        System.out.println("starting the devstack and the four services (logs: target/faults-run/)");
        try (CairnCluster cluster = CairnCluster.start(
                repo, o, EnumSet.allOf(Service.class), EnumSet.of(DevStack.Service.POSTGRES), System.out::println)) {
            FaultMatrix matrix = new FaultMatrix(cluster, options);
            matrix.runAll(repo.resolve("faults/results"));
            System.exit(matrix.results.stream().allMatch(ScenarioResult::passed) ? 0 : 1);
        }
    }

    /**
     * A service's archive (classes loaded and linked ahead of time, {@link ServiceJvm}) is written when it stops the
     * first time after a build; a service the matrix kills never writes one. So when one is missing, the four services
     * are started once on a devstack of their own and stopped, before the matrix starts them again on the archives.
     */
    private static void writeArchives(Path repo, CairnCluster.Options o) {
        ServiceJvm.Java java = ServiceJvm.java(o.jvmArgs());
        if (Arrays.stream(Service.values()).allMatch(s -> ServiceJvm.hasArchive(repo, s, java))) {
            return;
        }
        System.out.println("writing the services' archives (Java " + java.release() + "): one start and stop");
        try (CairnCluster once = CairnCluster.start(
                repo, o, EnumSet.allOf(Service.class), EnumSet.of(DevStack.Service.POSTGRES), System.out::println)) {
            System.out.println("stopping them; the archives are written as they stop");
        }
        for (Service s : Service.values()) {
            if (!ServiceJvm.hasArchive(repo, s, java)) {
                System.out.println("no archive was written for " + s.module + ": it starts without one");
            }
        }
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    private List<Integer> seconds(String name, String fallback) {
        return Arrays.stream(options.getOrDefault(name, fallback).split(","))
                .map(String::trim)
                .map(Integer::parseInt)
                .toList();
    }

    /** Runs every scenario (or those of {@code --only}); the results are written again after each one. */
    private void runAll(Path resultsDir) throws Exception {
        String when = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        Map<String, Fault> faults = FaultScenarios.all(
                cluster,
                check,
                seconds("pg-seconds", "10,90,300"),
                seconds("down-seconds", "10,90"),
                option("slow-seconds", 60),
                option("slow-ms", 500));
        List<String> only =
                options.containsKey("only") ? List.of(options.get("only").split(",")) : List.of();
        for (String o : only) {
            if (faults.keySet().stream().noneMatch(k -> k.startsWith(o))) {
                throw new IllegalArgumentException("--only " + o + " matches no scenario of " + faults.keySet());
            }
        }
        for (Map.Entry<String, Fault> f : faults.entrySet()) {
            if (only.isEmpty() || only.stream().anyMatch(f.getKey()::startsWith)) {
                System.out.println("== scenario " + f.getKey() + " (" + uptime() + ")");
                ScenarioResult r = run(f.getKey(), f.getValue());
                results.add(r);
                System.out.println("   " + r.line());
                System.out.println("   results: " + FaultReport.write(resultsDir, when, results, options));
            }
        }
    }

    /** The machine's load averages (1, 5, 15 minutes): the figures of a loaded machine are read with them. */
    static String uptime() {
        try {
            String[] l =
                    java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load " + l[0] + " " + l[1] + " " + l[2];
        } catch (java.io.IOException e) {
            return "load unknown";
        }
    }

    private ScenarioResult run(String name, Fault fault) throws Exception {
        String pipeline = "faults-" + name.replaceAll("[^a-z0-9]", "-") + "-"
                + DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        FaultLoad load = new FaultLoad(cluster, pipeline, option("projects", 1000), 50, name.hashCode());
        load.declare();
        List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        notes.add("at start: " + uptime());
        fault.prepare().run(pipeline, notes);
        Map<Service, Long> pids = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            pids.put(s, cluster.app(s).pid());
        }
        ReadinessWatch watch = new ReadinessWatch(cluster);
        watch.start();
        RecoveryProbe probe = new RecoveryProbe(cluster, load);
        double[] recovery = {-1, -1, -1, -1, -1, -1};
        double[] repair = {-1};
        long started = System.nanoTime();
        load.run(option("rate", 150), () -> {
            try {
                watch.faultStarted();
                fault.begin().run(pipeline, notes);
                Thread.sleep(fault.seconds() * 1000L);
                Instant ended = Instant.now();
                // the probe goes out as the repair starts: a service the fault did not touch answers it meanwhile
                CompletableFuture<double[]> measured = CompletableFuture.supplyAsync(() -> probe.measure(ended));
                fault.end().run(pipeline, notes);
                // the repair's own time (a broker's or a killed service's start) is inside recovery_s; kept apart
                repair[0] = Duration.between(ended, Instant.now()).toMillis() / 1000.0;
                watch.faultEnded();
                System.arraycopy(measured.join(), 0, recovery, 0, recovery.length);
            } catch (Exception e) {
                notes.add("injecting the fault failed: " + e);
                throw new IllegalStateException("injecting " + name + " failed", e);
            }
        });
        long loaded = System.nanoTime();
        boolean drained = until(Duration.ofMinutes(10), () -> check.drained(load));
        long drainedAt = System.nanoTime();
        FaultCheck.Figures figures = check.check(load);
        notes.add(String.format(
                java.util.Locale.ROOT,
                "phases: load and fault %.0f s, drain %.0f s, checks %.0f s",
                (loaded - started) / 1e9,
                (drainedAt - loaded) / 1e9,
                (System.nanoTime() - drainedAt) / 1e9));
        boolean allUp = until(Duration.ofMinutes(2), watch::allReady);
        watch.stop();
        List<String> restarted = new ArrayList<>();
        for (Service s : Service.values()) {
            if (s != fault.killed() && cluster.app(s).pid() != pids.get(s)) {
                restarted.add(s.module);
            }
        }
        notes.add("at end: " + uptime());
        Service watched = fault.watched();
        boolean wentDown = watched == null || watch.wentDown(watched);
        return new ScenarioResult(
                name,
                load.projects(),
                figures,
                recovery,
                repair[0],
                fault.killed() == null,
                drained,
                wentDown && allUp,
                watch.summary(),
                restarted,
                String.join("; ", notes));
    }

    static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // a server still coming back: ask again
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
