package dev.cairn.bootstrap;

import dev.cairn.devstack.AppProcess;
import dev.cairn.devstack.DevStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The real ledger for bootstrap's tests: the packaged ledger-service ({@code ../ledger-service/target/quarkus-app},
 * built before this module) started once per test JVM as a process of its own, on the devstack's Kafka and a
 * PostgreSQL database of its own, with a token. Gives bootstrap {@code cairn.bootstrap.ledger-url} and the token.
 */
public class LedgerProcessResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "bootstrap-tests-ledger-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static AppProcess ledger;

    @Override
    public synchronized Map<String, String> start() {
        if (ledger == null) {
            DevStack stack = DevStack.shared().ensure(EnumSet.of(DevStack.Service.KAFKA, DevStack.Service.POSTGRES));
            String database = "bootstrap_ledger_" + ProcessHandle.current().pid();
            stack.requirePostgres().dropDatabase(database);
            stack.requirePostgres().createDatabase(database);
            Map<String, String> env = new HashMap<>(stack.settings()
                    .withJdbcUrl(stack.requirePostgres().jdbcUrl(database))
                    .environment());
            env.put("CAIRN_AUTH_TOKENS", TOKEN);
            ledger = AppProcess.start(
                    "ledger-service",
                    Path.of("../ledger-service/target/quarkus-app"),
                    env,
                    0,
                    Path.of("target/ledger-service.log"),
                    List.of("-Xmx256m"));
            ledger.awaitReady(Duration.ofSeconds(120));
            Runtime.getRuntime().addShutdownHook(new Thread(ledger::close));
        }
        return Map.of("cairn.bootstrap.ledger-url", ledger.baseUrl(), "cairn.bootstrap.ledger-token", TOKEN);
    }

    @Override
    public void stop() {
        // the process serves every Quarkus start of this JVM; the shutdown hook and AppProcess' watchdog end it
    }

    public static String url() {
        return ledger.baseUrl();
    }

    /** Declares {@code pipeline} with {@code stages} in the ledger (PUT, 200 or 201). */
    public static void declare(String pipeline, String... stages) {
        String body = List.of(stages).stream()
                .map(s -> "\"" + s + "\"")
                .collect(Collectors.joining(",", "{\"stages\":[", "]}"));
        HttpResponse<String> r = call("PUT", "/api/v1/pipelines/" + pipeline, body);
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IllegalStateException("declaring " + pipeline + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** Events the ledger applied for {@code pipeline}: the sum of its projects' versions (one per applied event). */
    public static long appliedEvents(String pipeline) {
        HttpResponse<String> r = call("GET", "/api/v1/completions?limit=1000&pipeline=" + pipeline, null);
        try {
            long sum = 0;
            for (var item : dev.cairn.contracts.Json.mapper().readTree(r.body()).path("items")) {
                sum += item.path("version").asLong();
            }
            return sum;
        } catch (IOException e) {
            throw new IllegalStateException(r.body(), e);
        }
    }

    /** A call to the ledger's API with the token. */
    public static HttpResponse<String> call(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
