package dev.cairn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.devstack.AppProcess;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.Postgres;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The four packaged services started with exactly the environment {@code docker-compose.yml} gives them (names and
 * values, after Compose's interpolation with only {@code CAIRN_AUTH_TOKENS} set), against the devstack. Replaced, and
 * nothing else: the compose hosts and ports ({@code redpanda:9092}, {@code postgres:5432}, {@code s3:9000}) by the
 * devstack's, the database name by a throwaway one, a bind-mounted file's container path by the file in this
 * repository, and the HTTP port by a free one. No variable of this JVM's environment reaches the processes. A setting
 * renamed in the compose file or in a service then fails here instead of on a user's first {@code docker compose up}.
 * First of the module's ITs: its services would join the consumer groups of {@link SharedCluster}'s, started later.
 */
@Order(1)
class ComposeEnvironmentIT {

    static final String TOKEN = "compose-it-token";
    static final String DATABASE = "cairn_compose_" + ProcessHandle.current().pid();

    static ComposeFile compose;
    static DevStack stack;
    static final Map<String, AppProcess> apps = new LinkedHashMap<>();
    static final Map<String, Map<String, String>> environments = new LinkedHashMap<>();

    @BeforeAll
    static void startServicesAsComposeConfiguresThem() throws Exception {
        Path repo = CairnCluster.findRepo(Path.of(""));
        compose = ComposeFile.read(repo.resolve("docker-compose.yml"), Map.of("CAIRN_AUTH_TOKENS", TOKEN));
        stack = DevStack.shared().ensure(EnumSet.allOf(DevStack.Service.class));
        Postgres pg = stack.requirePostgres();
        pg.createDatabase(DATABASE);
        Map<String, String> endpoints = Map.of(
                "redpanda:9092", stack.settings().kafkaBootstrapServers(),
                "postgres:5432", hostPort(pg.jdbcUrl(DATABASE).substring("jdbc:".length())),
                "s3:9000", hostPort(stack.settings().s3Endpoint()));

        List<String> buckets = new ArrayList<>();
        for (ComposeFile.Service service : compose.services().values()) {
            if (!service.built()) {
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>();
            service.environment().forEach((name, value) -> env.put(name, substitute(value, endpoints, service)));
            environments.put(service.name(), env);
            if (env.containsKey("QUARKUS_DATASOURCE_USERNAME")) {
                grantDatabase(pg, env.get("QUARKUS_DATASOURCE_USERNAME"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
            }
            for (String bucketSetting : List.of("CAIRN_MARKER_BUCKET", "CAIRN_BOOTSTRAP_HEALTH_BUCKETS")) {
                if (env.containsKey(bucketSetting)) {
                    buckets.addAll(List.of(env.get(bucketSetting).split(",")));
                }
            }
        }
        stack.createBuckets(buckets); // what the compose file's one-shot "buckets" container does

        Path logs = repo.resolve("local/target/compose-it-logs");
        environments.forEach((name, env) -> apps.put(
                name,
                AppProcess.start(
                        name,
                        repo.resolve(name).resolve("target/quarkus-app"),
                        env,
                        false,
                        0,
                        logs.resolve(name + ".log"),
                        List.of("-Xmx256m"))));
    }

    @AfterAll
    static void stop() {
        apps.values().forEach(app -> app.stop(15));
        if (stack != null) {
            stack.requirePostgres().dropDatabase(DATABASE);
        }
    }

    @Test
    void composeConfiguresTheFourServices() {
        assertThat(environments)
                .containsOnlyKeys("ledger-service", "marker-service", "planner-service", "bootstrap-service");
        environments.forEach((name, env) -> assertThat(env.values())
                .as("%s still points at a compose host", name)
                .noneMatch(v -> v.matches(".*\\b(redpanda|postgres|s3):\\d+.*")));
    }

    @Test
    void everyServiceBecomesReadyWithTheComposeEnvironment() {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        apps.values()
                .forEach(app -> ready.add(CompletableFuture.runAsync(() -> app.awaitReady(Duration.ofSeconds(180)))));
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
        assertThat(apps.values()).allMatch(AppProcess::isReady);
    }

    @Test
    void theLedgerDeclaresThePipelinesOfTheMountedFileAndRequiresTheToken() {
        AppProcess ledger = apps.get("ledger-service").awaitReady(Duration.ofSeconds(180));
        CairnClient.Answer pipeline = new CairnClient(TOKEN).get(ledger.baseUrl() + "/api/v1/pipelines/photogrammetry");
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(200);
        assertThat(pipeline.body()).contains("\"metashape\"", "\"postprocess\"");
        assertThat(new CairnClient("not-" + TOKEN)
                        .get(ledger.baseUrl() + "/api/v1/pipelines")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void composeRefusesToStartWithoutAToken() {
        Path file = CairnCluster.findRepo(Path.of("")).resolve("docker-compose.yml");
        assertThatThrownBy(() -> ComposeFile.read(file, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CAIRN_AUTH_TOKENS is required");
    }

    /** A compose value with the devstack's endpoints, the test database, and mounted files' host paths. */
    private static String substitute(String value, Map<String, String> endpoints, ComposeFile.Service service) {
        String v = value;
        for (Map.Entry<String, String> e : endpoints.entrySet()) {
            v = v.replace(e.getKey(), e.getValue());
        }
        if (v.startsWith("jdbc:postgresql://")) {
            v = v.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]+", "$1" + DATABASE);
        }
        return service.mounts().getOrDefault(v, v);
    }

    private static String hostPort(String url) {
        URI uri = URI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }

    /** The compose file's database user, created if missing (as the postgres image does), owning nothing else. */
    private static void grantDatabase(Postgres pg, String user, String password) throws SQLException {
        if (!user.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("unexpected database user in docker-compose.yml: " + user);
        }
        try (Connection c = pg.connect(pg.configuredDatabase());
                Statement s = c.createStatement()) {
            if (!s.executeQuery("select 1 from pg_roles where rolname = '" + user + "'")
                    .next()) {
                s.execute("create role " + user + " login password '" + password.replace("'", "''") + "'");
            }
            s.execute("grant all on database " + DATABASE + " to " + user);
        }
    }
}
