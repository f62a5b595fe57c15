package dev.cairn.cli;

import dev.cairn.devstack.AppProcess;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.S3Server;
import dev.cairn.devstack.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the CLI's integration tests run against, once per test JVM: the devstack's real Kafka, PostgreSQL and S3, and
 * the packaged ledger-service and planner-service as processes (a fresh database, a token). Stopped when the JVM
 * exits.
 */
public final class CliTestStack {

    public static final String TOKEN = "cli-test-token-0123456789";
    /** A token of scope {@code emit} (events, reads; no pipeline writes), as a workflow's. */
    public static final String EMIT_TOKEN = "cli-emit-token-0123456789";

    public static final String BUCKET = "cli-artifacts";

    private static CliTestStack shared;

    public final DevStack devstack;
    public final AppProcess ledger;
    public final AppProcess planner;
    public final Path home;
    private final String database;

    private CliTestStack(DevStack devstack, AppProcess ledger, AppProcess planner, Path home, String database) {
        this.devstack = devstack;
        this.ledger = ledger;
        this.planner = planner;
        this.home = home;
        this.database = database;
    }

    public static synchronized CliTestStack get() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "cli-test-stack-stop"));
        }
        return shared;
    }

    private static CliTestStack start() {
        Path repo = Path.of("").toAbsolutePath().getParent();
        DevStack stack = DevStack.shared().ensure(EnumSet.allOf(DevStack.Service.class));
        String db = "cairn_cli_it_" + ProcessHandle.current().pid();
        stack.requirePostgres().dropDatabase(db);
        stack.requirePostgres().createDatabase(db);
        stack.createBuckets(List.of(BUCKET));
        Settings settings = stack.settings().withJdbcUrl(stack.requirePostgres().jdbcUrl(db));
        Map<String, String> ledgerEnv = new HashMap<>(settings.environment());
        ledgerEnv.put("CAIRN_AUTH_TOKENS", "cli-it:admin:" + TOKEN + ",cli-emit:emit:" + EMIT_TOKEN);
        Map<String, String> plannerEnv = new HashMap<>(ledgerEnv);
        plannerEnv.remove("QUARKUS_DATASOURCE_JDBC_URL");
        plannerEnv.remove("QUARKUS_DATASOURCE_USERNAME");
        plannerEnv.remove("QUARKUS_DATASOURCE_PASSWORD");
        Path logs = Path.of("target", "it-logs").toAbsolutePath();
        AppProcess ledger = AppProcess.start(
                "ledger-service",
                repo.resolve("ledger-service/target/quarkus-app"),
                ledgerEnv,
                0,
                logs.resolve("ledger-service.log"),
                List.of("-Xmx384m"));
        // fresh=true (cairn plan --fresh) asks the ledger's barrier; the token is the first of CAIRN_AUTH_TOKENS
        plannerEnv.put("CAIRN_PLANNER_LEDGER_URL", ledger.baseUrl());
        AppProcess planner = AppProcess.start(
                "planner-service",
                repo.resolve("planner-service/target/quarkus-app"),
                plannerEnv,
                0,
                logs.resolve("planner-service.log"),
                List.of("-Xmx256m"));
        CompletableFuture.allOf(
                        CompletableFuture.runAsync(() -> ledger.awaitReady(Duration.ofSeconds(180))),
                        CompletableFuture.runAsync(() -> planner.awaitReady(Duration.ofSeconds(180))))
                .join();
        try {
            Path home = Files.createTempDirectory("cairn-cli-home");
            return new CliTestStack(stack, ledger, planner, home, db);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment of a pipeline step using this stack: Cairn's settings, S3's, a HOME of its own. */
    public Map<String, String> env() {
        Settings s = devstack.settings();
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("CAIRN_LEDGER_URL", ledger.baseUrl());
        env.put("CAIRN_PLANNER_URL", planner.baseUrl());
        env.put("CAIRN_TOKEN", TOKEN);
        env.put("KAFKA_BOOTSTRAP_SERVERS", s.kafkaBootstrapServers());
        env.put("AWS_ENDPOINT_URL_S3", s.s3Endpoint());
        env.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        env.put("AWS_REGION", S3Server.REGION);
        return env;
    }

    public software.amazon.awssdk.services.s3.S3Client s3() {
        return S3Server.client(devstack.settings().s3Endpoint());
    }

    /** PUT /api/v1/pipelines/{pipeline}. */
    public void declare(String pipeline, String... stages) {
        String body = "{\"stages\": [\"" + String.join("\", \"", stages) + "\"]}";
        int status = http("PUT", ledger.baseUrl() + "/api/v1/pipelines/" + pipeline, body)
                .statusCode();
        if (status != 200 && status != 201) {
            throw new IllegalStateException("declaring " + pipeline + " answered " + status);
        }
    }

    /** GET on the ledger with the token; the body as text. */
    public HttpResponse<String> ledgerGet(String path) {
        return http("GET", ledger.baseUrl() + path, null);
    }

    private static HttpResponse<String> http(String method, String url, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void close() {
        planner.stop(15);
        ledger.stop(15);
        try {
            devstack.requirePostgres().dropDatabase(database);
        } catch (RuntimeException e) {
            // the devstack's own shutdown hook may have closed PostgreSQL first; the database is per-pid anyway
        }
    }
}
