package dev.cairn.local.faults;

import dev.cairn.devstack.DevStack;
import dev.cairn.local.CairnCluster;
import dev.cairn.local.CairnCluster.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code ./run-faults}: the fault matrix under load. Starts the devstack (S3 on disk, PostgreSQL behind the devstack's
 * TcpProxy) and the four packaged services as processes, then per scenario: a fresh pipeline, the load of
 * {@link FaultLoad}, one fault injected a third of the way in, the drain, and {@link FaultCheck}'s figures, the
 * recovery time (end of the fault to an event applied, its marker written and a fresh plan answered) and whether
 * readiness went DOWN and came back. Writes {@code faults/results/<when>.{json,md}} and {@code latest.*}.
 *
 * <p>Options: {@code --projects N} (default 1000), {@code --rate N} deliveries/s (default 150), {@code --pg-seconds N}
 * (default 90), {@code --down-seconds N} for the broker and S3 (default 10), {@code --only a,b}.
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
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path repo = CairnCluster.findRepo(Path.of(""));
        CairnCluster.Options o = new CairnCluster.Options(
                false,
                "cairn_faults",
                "cairn-faults-token-0123456789",
                repo.resolve("target/faults-run"),
                Map.of(),
                List.of("-Xmx384m"));
        System.out.println("starting the devstack and the four services (logs: target/faults-run/)");
        try (CairnCluster cluster = CairnCluster.start(
                repo, o, EnumSet.allOf(Service.class), EnumSet.of(DevStack.Service.POSTGRES), System.out::println)) {
            FaultMatrix matrix = new FaultMatrix(cluster, options);
            matrix.runAll(repo.resolve("faults/results"));
            System.exit(matrix.results.stream().allMatch(ScenarioResult::passed) ? 0 : 1);
        }
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    /** Runs every scenario (or those of {@code --only}); the results are written again after each one. */
    private void runAll(Path resultsDir) throws Exception {
        String when = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        int pg = option("pg-seconds", 90);
        int down = option("down-seconds", 10);
        Map<String, Fault> faults = new LinkedHashMap<>();
        faults.put(
                "postgres-cut-" + pg + "s",
                new Fault(Service.LEDGER, null, pg, () -> proxy().cut(), () -> proxy().restore()));
        faults.put("kafka-kill9-" + down + "s", new Fault(null, null, down, () -> broker().kill(), () -> {
            broker().restart(DevStack.START_TIMEOUT);
        }));
        faults.put("s3-kill9-" + down + "s", new Fault(Service.MARKER, null, down, () -> s3().kill(), () -> {
            s3().restart(DevStack.START_TIMEOUT);
        }));
        for (Service s : List.of(Service.LEDGER, Service.MARKER, Service.PLANNER)) {
            faults.put("kill9-" + s.module, new Fault(null, s, 0, () -> {}, () -> cluster.restart(s)));
        }
        List<String> only =
                options.containsKey("only") ? List.of(options.get("only").split(",")) : List.of();
        for (Map.Entry<String, Fault> f : faults.entrySet()) {
            if (only.isEmpty() || only.stream().anyMatch(f.getKey()::startsWith)) {
                System.out.println("== scenario " + f.getKey());
                ScenarioResult r = run(f.getKey(), f.getValue());
                results.add(r);
                System.out.println("   " + r.line());
                System.out.println("   results: " + FaultReport.write(resultsDir, when, results, options));
            }
        }
    }

    private dev.cairn.devstack.TcpProxy proxy() {
        return cluster.devstack().proxy(DevStack.Service.POSTGRES);
    }

    private dev.cairn.devstack.KafkaBroker broker() {
        return cluster.devstack().requireKafkaBroker();
    }

    private dev.cairn.devstack.S3Server s3() {
        return cluster.devstack().requireS3Server();
    }

    /** A fault: what breaks, for how long, what repairs it; {@code killed} is the one process allowed a new pid. */
    record Fault(Service watched, Service killed, int seconds, Step begin, Step end) {}

    interface Step {
        void run() throws Exception;
    }

    private ScenarioResult run(String name, Fault fault) throws Exception {
        String pipeline = "faults-" + name.replaceAll("[^a-z0-9]", "-") + "-"
                + DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        FaultLoad load = new FaultLoad(cluster, pipeline, option("projects", 1000), 50, name.hashCode());
        load.declare();
        Map<Service, Long> pids = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            pids.put(s, cluster.app(s).pid());
        }
        ReadinessWatch watch = new ReadinessWatch(cluster);
        watch.start();
        RecoveryProbe probe = new RecoveryProbe(cluster, load);
        double[] recovery = {-1, -1, -1};
        load.run(option("rate", 150), () -> {
            try {
                watch.faultStarted();
                fault.begin().run();
                Thread.sleep(fault.seconds() * 1000L);
                fault.end().run();
                Instant ended = Instant.now();
                watch.faultEnded();
                System.arraycopy(probe.measure(ended), 0, recovery, 0, 3);
            } catch (Exception e) {
                throw new IllegalStateException("injecting " + name + " failed", e);
            }
        });
        boolean drained = until(Duration.ofMinutes(10), () -> check.drained(load));
        FaultCheck.Figures figures = check.check(load);
        boolean allUp = until(Duration.ofMinutes(2), watch::allReady);
        watch.stop();
        List<String> restarted = new ArrayList<>();
        for (Service s : Service.values()) {
            if (s != fault.killed() && cluster.app(s).pid() != pids.get(s)) {
                restarted.add(s.module);
            }
        }
        Service watched = fault.watched();
        boolean wentDown = watched == null || watch.wentDown(watched);
        return new ScenarioResult(
                name, load.projects(), figures, recovery, drained, wentDown && allUp, watch.summary(), restarted);
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
