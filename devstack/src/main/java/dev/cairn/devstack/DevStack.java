package dev.cairn.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts the real servers Cairn needs on loopback, without Docker: Kafka ({@link KafkaBroker}), PostgreSQL
 * ({@link Postgres}) and S3 ({@link S3Server}). With {@code joinEnvironment}, a server whose address is already in
 * the environment ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code QUARKUS_DATASOURCE_JDBC_URL} / {@code CAIRN_PG_JDBC_URL},
 * {@code QUARKUS_S3_ENDPOINT_OVERRIDE}) is used instead of starting one.
 */
public final class DevStack implements AutoCloseable {

    public enum Service {
        KAFKA,
        POSTGRES,
        S3
    }

    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static DevStack shared;

    private final RuntimeDirs runtimeDirs;
    private final S3Server.Kind s3Kind;
    private final boolean fixedPorts;
    private final boolean joinEnvironment;
    private final int partitions;
    private final Map<String, String> env;

    private KafkaBroker kafka;
    private String kafkaBootstrap;
    private Postgres postgres;
    private volatile S3Server s3;
    private String s3Endpoint;
    private String database;
    private final Map<Service, TcpProxy> proxies = new java.util.EnumMap<>(Service.class);

    public DevStack(boolean fixedPorts, boolean joinEnvironment, int partitions, Map<String, String> env) {
        this.runtimeDirs = RuntimeDirs.from(env);
        this.s3Kind = s3Kind(env);
        this.fixedPorts = fixedPorts;
        this.joinEnvironment = joinEnvironment;
        this.partitions = partitions;
        this.env = env;
    }

    /** The devstack of this JVM (tests): random ports, joins the environment, stopped when the JVM exits. */
    public static synchronized DevStack shared() {
        if (shared == null) {
            shared = new DevStack(false, true, 3, System.getenv());
            DevStack stack = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "cairn-devstack-stop"));
        }
        return shared;
    }

    /** Starts (or joins) each of {@code services} not yet running; Kafka and S3 start side by side. Idempotent. */
    public synchronized DevStack ensure(Set<Service> services) {
        java.util.concurrent.CompletableFuture<Void> s3Start =
                java.util.concurrent.CompletableFuture.completedFuture(null);
        if (services.contains(Service.S3) && s3Endpoint == null) {
            String given = joinEnvironment ? env.get("QUARKUS_S3_ENDPOINT_OVERRIDE") : null;
            if (given != null && !given.isBlank()) {
                s3Endpoint = given;
            } else {
                s3Start = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        s3 = S3Server.start(s3Kind, runtimeDirs, fixedPorts ? 9000 : 0, START_TIMEOUT);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        try {
            if (services.contains(Service.KAFKA) && kafkaBootstrap == null) {
                String given = joinEnvironment ? env.get("KAFKA_BOOTSTRAP_SERVERS") : null;
                if (given != null && !given.isBlank()) {
                    kafkaBootstrap = given;
                } else {
                    kafka = KafkaBroker.start(runtimeDirs, fixedPorts ? 9092 : 0, START_TIMEOUT);
                    kafkaBootstrap = kafka.bootstrapServers();
                }
                KafkaBroker.createCairnTopics(kafkaBootstrap, partitions);
            }
            if (services.contains(Service.POSTGRES) && postgres == null) {
                postgres = Postgres.locate(joinEnvironment ? env : withoutDatasource(env), START_TIMEOUT);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                s3Start.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            if (s3 != null && s3Endpoint == null) {
                s3Endpoint = s3.endpoint();
            }
        }
        return this;
    }

    private static Map<String, String> withoutDatasource(Map<String, String> env) {
        Map<String, String> copy = new java.util.HashMap<>(env);
        copy.remove("QUARKUS_DATASOURCE_JDBC_URL");
        return copy;
    }

    /** Uses (and creates if missing) {@code name} as the database of {@link #settings()}. */
    public synchronized DevStack useDatabase(String name) {
        requirePostgres().createDatabase(name);
        this.database = name;
        return this;
    }

    public void createBuckets(List<String> buckets) {
        if (s3Endpoint == null) {
            throw new IllegalStateException("S3 is not started");
        }
        S3Server.createBuckets(s3Endpoint, buckets);
    }

    /** The broker this devstack started (fault tests kill and restart it); fails when it joined another one. */
    public synchronized KafkaBroker requireKafkaBroker() {
        if (kafka == null) {
            throw new IllegalStateException("no Kafka broker started by this devstack");
        }
        return kafka;
    }

    /** The S3 server this devstack started (fault tests kill and restart it); fails when it joined another one. */
    public synchronized S3Server requireS3Server() {
        if (s3 == null) {
            throw new IllegalStateException("no S3 server started by this devstack");
        }
        return s3;
    }

    public Postgres requirePostgres() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is not started");
        }
        return postgres;
    }

    public synchronized Settings settings() {
        String url =
                postgres == null ? null : postgres.jdbcUrl(database != null ? database : postgres.configuredDatabase());
        return new Settings(
                kafkaBootstrap,
                url,
                postgres == null ? null : postgres.user(),
                postgres == null ? null : postgres.password(),
                s3Endpoint);
    }

    /**
     * A {@link TcpProxy} in front of {@code service} (created on first call), for tests that make a server
     * unavailable for a while. Settings that should go through it are made with {@link #proxiedSettings}.
     */
    public synchronized TcpProxy proxy(Service service) {
        return proxies.computeIfAbsent(service, s -> {
            java.net.URI target = switch (s) {
                case KAFKA ->
                    throw new IllegalArgumentException("Kafka advertises its own address; it cannot be proxied");
                case S3 -> java.net.URI.create(s3Endpoint);
                case POSTGRES ->
                    java.net.URI.create(requirePostgres().jdbcUrl("x").substring("jdbc:".length()));
            };
            return TcpProxy.start(target.getHost(), target.getPort());
        });
    }

    /** {@code settings} with the addresses of {@code services} replaced by their {@link #proxy(Service)}. */
    public synchronized Settings proxiedSettings(Settings settings, Set<Service> services) {
        Settings result = settings;
        if (services.contains(Service.S3)) {
            result = new Settings(
                    result.kafkaBootstrapServers(),
                    result.jdbcUrl(),
                    result.jdbcUser(),
                    result.jdbcPassword(),
                    "http://127.0.0.1:" + proxy(Service.S3).port());
        }
        if (services.contains(Service.POSTGRES) && result.jdbcUrl() != null) {
            java.net.URI target = java.net.URI.create(result.jdbcUrl().substring("jdbc:".length()));
            String hostPort = target.getHost() + ":" + target.getPort();
            result = result.withJdbcUrl(result.jdbcUrl()
                    .replace(hostPort, "127.0.0.1:" + proxy(Service.POSTGRES).port()));
        }
        return result;
    }

    /** One line per server: what runs where and where it came from. */
    public synchronized List<String> describe() {
        List<String> lines = new java.util.ArrayList<>();
        if (kafkaBootstrap != null) {
            lines.add("Kafka       " + kafkaBootstrap
                    + (kafka != null
                            ? "  Apache Kafka broker (KRaft), pid " + kafka.pid()
                            : "  joined from KAFKA_BOOTSTRAP_SERVERS"));
        }
        if (postgres != null) {
            lines.add("PostgreSQL  " + settings().jdbcUrl() + "  " + postgres.describe());
        }
        if (s3Endpoint != null) {
            lines.add("S3          " + s3Endpoint
                    + (s3 != null
                            ? "  " + (s3.kind() == S3Server.Kind.LOCALS3 ? "LocalS3" : "S3Proxy")
                                    + " (in-memory store), pid " + s3.pid()
                            : "  joined from QUARKUS_S3_ENDPOINT_OVERRIDE"));
        }
        return lines;
    }

    /** Pids of the server processes this devstack started (for tests that check nothing is left behind). */
    public synchronized List<Long> serverPids() {
        List<Long> pids = new java.util.ArrayList<>();
        if (kafka != null) {
            pids.add(kafka.pid());
        }
        if (s3 != null) {
            pids.add(s3.pid());
        }
        return pids;
    }

    /**
     * {@code CAIRN_DEVSTACK_S3}: {@code s3proxy} (default), {@code locals3} or {@code s3proxy_files} (data on disk, it
     * survives a restart); see {@link S3Server}.
     */
    static S3Server.Kind s3Kind(Map<String, String> env) {
        String kind = env.getOrDefault("CAIRN_DEVSTACK_S3", "s3proxy").trim().toUpperCase(java.util.Locale.ROOT);
        try {
            return S3Server.Kind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "CAIRN_DEVSTACK_S3 must be s3proxy, locals3 or s3proxy_files, not " + env.get("CAIRN_DEVSTACK_S3"));
        }
    }

    public static EnumSet<Service> parseServices(String csv) {
        EnumSet<Service> set = EnumSet.noneOf(Service.class);
        for (String s : csv.split(",")) {
            String name = s.trim().toUpperCase(java.util.Locale.ROOT);
            if (!name.isEmpty()) {
                try {
                    set.add(Service.valueOf(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "unknown devstack service '" + s.trim() + "'; choose from kafka, postgres, s3");
                }
            }
        }
        return set;
    }

    @Override
    public synchronized void close() {
        proxies.values().forEach(TcpProxy::close);
        proxies.clear();
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
