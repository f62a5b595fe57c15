package dev.cairn.local;

import dev.cairn.devstack.AppProcess;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.Ports;
import dev.cairn.devstack.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * All of Cairn on one machine: the devstack (real Kafka, PostgreSQL, S3) and the four packaged services, each its
 * own process, configured only through environment variables. Used by the local run, the end-to-end test and
 * the benchmarks.
 */
public final class CairnCluster implements AutoCloseable {

    public static final String MARKER_BUCKET = "cairn-markers";
    public static final String PRODUCTS_BUCKET = "cairn-products";

    /** How long a started service may take to become ready. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    /** The four services, in start order, with their DESIGN ports. */
    public enum Service {
        LEDGER("ledger-service", 8081),
        MARKER("marker-service", 8082),
        PLANNER("planner-service", 8080),
        BOOTSTRAP("bootstrap-service", 8083);

        public final String module;
        public final int port;

        Service(String module, int port) {
            this.module = module;
            this.port = port;
        }
    }

    /**
     * @param fixedPorts DESIGN ports (Kafka 9092, S3 9000, services 8080-8083) instead of free ones
     * @param database   PostgreSQL database of the ledger and bootstrap schemas, dropped and created empty: Kafka and
     *                   S3 start empty too, and the three must agree
     * @param token      bearer token every service accepts
     * @param logs       where each service writes its log
     * @param extraEnv   more environment per service (tuning for benchmarks)
     */
    public record Options(
            boolean fixedPorts,
            String database,
            String token,
            Path logs,
            Map<Service, Map<String, String>> extraEnv,
            List<String> jvmArgs) {
        public static Options local(Path repo) {
            return new Options(
                    true,
                    "cairn",
                    "cairn-local-token",
                    repo.resolve("target/local-run"),
                    LoopbackTuning.of(System.getenv()),
                    ServiceJvm.LOCAL);
        }
    }

    private final Path repo;
    private final Options options;
    /** The Java that runs the services ({@link ServiceJvm#java}: Java 25+ for the local run's options, if found). */
    private final ServiceJvm.Java java;

    private final DevStack devstack;
    private final Map<Service, AppProcess> apps = new LinkedHashMap<>();
    private final List<AppProcess> secondInstances = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<Service, Integer> ports = new LinkedHashMap<>();
    private final Map<Service, Double> readySeconds = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Service, Integer> stopSeconds = new java.util.concurrent.ConcurrentHashMap<>();
    private final boolean ownsDevstack;
    private Set<DevStack.Service> proxied = EnumSet.noneOf(DevStack.Service.class);

    private CairnCluster(Path repo, Options options, DevStack devstack, boolean ownsDevstack) {
        this.repo = repo;
        this.options = options;
        this.java = ServiceJvm.java(options.jvmArgs());
        this.devstack = devstack;
        this.ownsDevstack = ownsDevstack;
    }

    /** Starts the devstack, then the four services side by side, and waits until every one is ready. */
    public static CairnCluster start(Path repo, Options options, Consumer<String> progress) {
        return start(repo, options, EnumSet.allOf(Service.class), progress);
    }

    /** As {@link #start(Path, Options, Consumer)}, with only {@code services} (a test that needs fewer). */
    public static CairnCluster start(Path repo, Options options, Set<Service> services, Consumer<String> progress) {
        return start(repo, options, services, EnumSet.noneOf(DevStack.Service.class), progress);
    }

    /**
     * As {@link #start(Path, Options, Set, Consumer)}, the services reaching the servers of {@code proxied} through the
     * devstack's {@code TcpProxy} (fault runs cut them there).
     */
    public static CairnCluster start(
            Path repo,
            Options options,
            Set<Service> services,
            Set<DevStack.Service> proxied,
            Consumer<String> progress) {
        progress.accept("starting Kafka, PostgreSQL and S3");
        DevStack stack = new DevStack(options.fixedPorts(), false, 3, System.getenv());
        try {
            stack.ensure(EnumSet.allOf(DevStack.Service.class));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return start(repo, options, stack, true, services, proxied, progress);
    }

    /**
     * Starts {@code services} against a devstack that is already up (the benchmarks'); {@link #close()} then stops
     * the services and leaves the devstack running.
     */
    public static CairnCluster startOn(
            DevStack stack, Path repo, Options options, Set<Service> services, Consumer<String> progress) {
        return start(repo, options, stack, false, services, EnumSet.noneOf(DevStack.Service.class), progress);
    }

    private static CairnCluster start(
            Path repo,
            Options options,
            DevStack stack,
            boolean ownsDevstack,
            Set<Service> services,
            Set<DevStack.Service> proxied,
            Consumer<String> progress) {
        for (Service s : services) {
            Path app = repo.resolve(s.module).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(app)) {
                throw new IllegalStateException(app + " is missing: build first with ./mvnw -B package -DskipTests");
            }
        }
        CairnCluster cluster = new CairnCluster(repo, options, stack, ownsDevstack);
        cluster.proxied = proxied;
        try {
            stack.requirePostgres().dropDatabase(options.database());
            stack.useDatabase(options.database());
            stack.createBuckets(List.of(MARKER_BUCKET, PRODUCTS_BUCKET));
            cluster.removePlannerSnapshot();
            progress.accept("devstack ready; starting " + services.size() + " services");
            for (Service s : Service.values()) {
                cluster.ports.put(s, options.fixedPorts() ? s.port : Ports.free());
            }
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            for (Service s : Service.values()) {
                if (services.contains(s)) {
                    ready.add(cluster.launch(s, progress));
                }
            }
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e instanceof java.util.concurrent.CompletionException && e.getCause() instanceof RuntimeException r
                    ? r
                    : e;
        }
    }

    /** Starts one service; the future completes when it is ready (its start-to-ready time in readySeconds). */
    private CompletableFuture<Void> launch(Service s, Consumer<String> progress) {
        long t0 = System.nanoTime();
        List<String> jvm = ServiceJvm.args(repo, s, java, options.jvmArgs());
        AppProcess app = AppProcess.start(
                s.module,
                repo.resolve(s.module).resolve("target/quarkus-app"),
                environment(s),
                true,
                ports.get(s),
                options.logs().resolve(s.module + ".log"),
                java.launcher(),
                jvm);
        apps.put(s, app);
        stopSeconds.put(s, ServiceJvm.writesArchive(jvm) ? 120 : 15);
        return CompletableFuture.runAsync(() -> {
            app.awaitReady(START_TIMEOUT);
            readySeconds.put(s, (System.nanoTime() - t0) / 1e9);
            progress.accept(s.module + " ready at " + app.baseUrl());
        });
    }

    /** Seconds from starting service {@code s}'s JVM to its readiness answering 200. */
    public double readySeconds(Service s) {
        return readySeconds.getOrDefault(s, Double.NaN);
    }

    /**
     * The environment a service gets: the devstack's endpoints, the token and the service's own settings; the planner
     * also gets the ledger's URL for {@code fresh=true} and the other services' URLs for its dashboard, bootstrap the
     * ledger's URL (the ports are chosen before any service starts).
     */
    public Map<String, String> environment(Service s) {
        Map<String, String> env =
                serviceEnvironment(devstack.proxiedSettings(devstack.settings(), proxied), s, options.token());
        if (s == Service.PLANNER && ports.size() == Service.values().length) {
            env.putAll(plannerLedger("http://127.0.0.1:" + ports.get(Service.LEDGER), options.token()));
            env.put("CAIRN_PLANNER_DASHBOARD_BOOTSTRAP_URL", "http://127.0.0.1:" + ports.get(Service.BOOTSTRAP));
            env.put("CAIRN_PLANNER_DASHBOARD_MARKER_URL", "http://127.0.0.1:" + ports.get(Service.MARKER));
            env.put("CAIRN_PLANNER_SNAPSHOT_DIR", plannerSnapshotDir().toString());
        }
        if (s == Service.BOOTSTRAP && ports.containsKey(Service.LEDGER)) {
            // bootstrap asks the ledger about pipelines and for its verdicts
            env.put("CAIRN_BOOTSTRAP_LEDGER_URL", "http://127.0.0.1:" + ports.get(Service.LEDGER));
        }
        env.putAll(options.extraEnv().getOrDefault(s, Map.of()));
        return env;
    }

    /** The planner's view snapshot: beside the logs, shared with a second instance (either may restore the other's). */
    public Path plannerSnapshotDir() {
        return options.logs().resolve("planner-snapshot");
    }

    /** The planner's snapshot of an earlier run is of a view this run does not have: removed before it starts. */
    private void removePlannerSnapshot() {
        Path dir = plannerSnapshotDir();
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.<Path>empty()) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir, e);
        }
    }

    /** The environment of service {@code s} against the servers of {@code settings}, accepting {@code token}. */
    public static Map<String, String> serviceEnvironment(Settings settings, Service s, String token) {
        Map<String, String> env = new HashMap<>(settings.environment());
        env.put("CAIRN_AUTH_TOKENS", "local:admin:" + token);
        if (s == Service.MARKER) {
            env.put("CAIRN_MARKER_BUCKET", MARKER_BUCKET);
        }
        if (s == Service.BOOTSTRAP) {
            env.put("CAIRN_BOOTSTRAP_ALLOWED_BUCKETS", PRODUCTS_BUCKET);
            env.put("CAIRN_BOOTSTRAP_LEDGER_URL", "http://localhost:" + Service.LEDGER.port);
            env.put("CAIRN_BOOTSTRAP_LEDGER_TOKEN", token);
        }
        if (s == Service.PLANNER || s == Service.MARKER) {
            env.remove("QUARKUS_DATASOURCE_JDBC_URL");
            env.remove("QUARKUS_DATASOURCE_USERNAME");
            env.remove("QUARKUS_DATASOURCE_PASSWORD");
        }
        return env;
    }

    /** What the planner needs to reach the ledger's freshness barrier. */
    public static Map<String, String> plannerLedger(String ledgerUrl, String token) {
        return Map.of("CAIRN_PLANNER_LEDGER_URL", ledgerUrl, "CAIRN_PLANNER_LEDGER_TOKEN", token);
    }

    /** {@code kill -9} of service {@code s}, then the same process started again (same port, environment, log). */
    public AppProcess restart(Service s) {
        kill(s);
        return startAgain(s);
    }

    /** {@code kill -9} of service {@code s}; {@link #startAgain(Service)} brings it back. */
    public void kill(Service s) {
        apps.get(s).kill();
    }

    /** Starts service {@code s} again after {@link #kill(Service)}: same port, environment and log; waits until ready. */
    public AppProcess startAgain(Service s) {
        return startAgain(s, START_TIMEOUT);
    }

    /** {@link #startAgain(Service)}, waiting up to {@code timeout} for readiness (a loaded machine starts slowly). */
    public AppProcess startAgain(Service s, Duration timeout) {
        AppProcess app = AppProcess.start(
                s.module,
                repo.resolve(s.module).resolve("target/quarkus-app"),
                environment(s),
                true,
                ports.get(s),
                options.logs().resolve(s.module + ".log"),
                java.launcher(),
                ServiceJvm.args(repo, s, java, options.jvmArgs()));
        apps.put(s, app);
        return app.awaitReady(timeout);
    }

    /**
     * A second instance of service {@code s} beside the first: same environment (so the same consumer groups, database
     * and bucket), its own free port and log {@code <module>-2.log}; waits until ready. The caller kills or stops it;
     * {@link #close()} stops it if it still runs.
     */
    public AppProcess startSecond(Service s) {
        return startSecond(s, START_TIMEOUT);
    }

    /** {@link #startSecond(Service)}, waiting up to {@code timeout} for readiness. */
    public AppProcess startSecond(Service s, Duration timeout) {
        AppProcess app = AppProcess.start(
                s.module + "-2",
                repo.resolve(s.module).resolve("target/quarkus-app"),
                environment(s),
                true,
                Ports.free(),
                options.logs().resolve(s.module + "-2.log"),
                java.launcher(),
                ServiceJvm.args(repo, s, java, options.jvmArgs()));
        secondInstances.add(app);
        return app.awaitReady(timeout);
    }

    /** The Java release the services run on. */
    public int javaRelease() {
        return java.release();
    }

    public AppProcess app(Service s) {
        return apps.get(s);
    }

    public String url(Service s) {
        return apps.get(s).baseUrl();
    }

    public Settings settings() {
        return devstack.settings();
    }

    public DevStack devstack() {
        return devstack;
    }

    public String token() {
        return options.token();
    }

    public Path repo() {
        return repo;
    }

    /** Stops the services (SIGTERM, then SIGKILL), before the servers they use. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        secondInstances.forEach(app -> stops.add(CompletableFuture.runAsync(() -> app.stop(15))));
        // a JVM writing its archive at exit gets longer before SIGKILL; one killed while writing leaves no archive
        apps.forEach((s, app) -> stops.add(CompletableFuture.runAsync(() -> {
            boolean exited = app.stop(stopSeconds.getOrDefault(s, 15));
            if (!exited && stopSeconds.getOrDefault(s, 15) > 15) {
                ServiceJvm.discardArchive(repo, s, java);
            }
        })));
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        apps.clear();
        secondInstances.clear();
        if (ownsDevstack) {
            devstack.close();
        }
    }

    /** {@link #close()}, then drops the services' database (a test's own, named in its {@link Options}). */
    public void closeAndDropDatabase() {
        var pg = devstack.requirePostgres();
        close();
        pg.dropDatabase(options.database());
    }

    /** The repository root: the nearest directory above {@code start} holding pom.xml and ledger-service/. */
    public static Path findRepo(Path start) {
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("ledger-service"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "run this from the Cairn repository (no pom.xml with ledger-service/ above " + start + ")");
    }
}
