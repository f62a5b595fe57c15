package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.AppProcess;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.Postgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged ledger as real processes: one is killed with SIGKILL in the middle of consuming, two others take over;
 * then the instance running the outbox relay is killed and the survivor takes the relay over.
 */
class LedgerCrashIT {

    static final String TOKEN = "ledger-it-token-0123456789";
    static PackagedLedgers ledgers;
    static DevStack stack;
    static Postgres postgres;
    static String database;

    @BeforeAll
    static void start() {
        ledgers = new PackagedLedgers("cairn_it_");
        stack = ledgers.stack;
        postgres = ledgers.postgres;
        database = ledgers.database;
    }

    @AfterAll
    static void stop() {
        ledgers.close();
    }

    static AppProcess ledger(String name) {
        return ledgers.start(name, Map.of("CAIRN_AUTH_TOKENS", "crash-it:admin:" + TOKEN), "384m")
                .awaitReady(Duration.ofSeconds(90));
    }

    @Test
    void killedMidBatchLosesNothingAppliesNothingTwiceAndTheRelayFailsOver() throws Exception {
        AppProcess first = ledger("ledger-a");
        String pipeline = "crash";
        http(first, "PUT", "/api/v1/pipelines/" + pipeline, "{\"stages\": [\"metashape\", \"postprocess\"]}");

        int unique = 20_000;
        List<ObjectNode> events = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < unique; i++) {
            events.add(LedgerTests.event(
                    "crash-" + i,
                    EventTypes.COMPLETED,
                    pipeline,
                    "m" + random.nextInt(5000),
                    random.nextBoolean() ? "metashape" : "postprocess",
                    T0.plusSeconds(i)));
        }
        List<ObjectNode> sends = new ArrayList<>(events);
        for (int i = 0; i < unique / 10; i++) {
            sends.add(events.get(random.nextInt(unique)));
        }
        Collections.shuffle(sends, random);

        try (KafkaTestClient kafka = new KafkaTestClient(stack.settings().kafkaBootstrapServers())) {
            for (ObjectNode e : sends) {
                kafka.sendAsync(
                        Topics.STAGE_EVENTS, LedgerTests.key(e), e.toString().getBytes());
            }
            kafka.flush();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> history(pipeline) >= 3_000);
            first.kill();
            long atKill = history(pipeline);
            assertThat(atKill).as("killed in the middle").isLessThan(unique);
            System.out.printf("ledger-a killed with %d of %d events applied%n", atKill, unique);

            AppProcess second = ledger("ledger-b");
            AppProcess third = ledger("ledger-c");
            await().atMost(Duration.ofSeconds(180)).until(() -> history(pipeline) == unique);
            assertThat(scalar("select count(distinct event_id) from ledger.event where pipeline = 'crash'"))
                    .isEqualTo(unique);
            assertThat(scalar("select sum(version) from ledger.project_state where pipeline = 'crash'"))
                    .isEqualTo(unique);
            await().atMost(Duration.ofSeconds(120)).until(() -> publishedChanges(kafka, pipeline) == unique);

            AppProcess relay = leaderOf(second, third);
            AppProcess survivor = relay == second ? third : second;
            relay.kill();
            for (int i = 0; i < 1000; i++) {
                ObjectNode e =
                        LedgerTests.event("after-" + i, EventTypes.COMPLETED, pipeline, "late" + i, "metashape", T0);
                kafka.sendAsync(
                        Topics.STAGE_EVENTS, LedgerTests.key(e), e.toString().getBytes());
            }
            kafka.flush();
            await().atMost(Duration.ofSeconds(120)).until(() -> history(pipeline) == unique + 1000);
            await().atMost(Duration.ofSeconds(120)).until(() -> publishedChanges(kafka, pipeline) == unique + 1000);
            assertThat(http(survivor, "GET", "/q/metrics", null)).contains("cairn_ledger_outbox_leader 1.0");
        }
    }

    private static AppProcess leaderOf(AppProcess... candidates) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            for (AppProcess app : candidates) {
                                if (http(app, "GET", "/q/metrics", null).contains("cairn_ledger_outbox_leader 1.0")) {
                                    return app;
                                }
                            }
                            return null;
                        },
                        a -> a != null);
    }

    private static long publishedChanges(KafkaTestClient kafka, String pipeline) {
        Set<String> distinct = kafka.readAll(Topics.COMPLETIONS, r -> r.key().startsWith(pipeline + "/")).stream()
                .map(r -> {
                    var c = LedgerTests.completion(r);
                    return c.key() + "#" + c.version();
                })
                .collect(Collectors.toSet());
        return distinct.size();
    }

    private static long history(String pipeline) throws Exception {
        return scalar("select count(*) from ledger.event where pipeline = '" + pipeline + "'");
    }

    private static long scalar(String sql) throws Exception {
        try (Connection c = postgres.connect(database);
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String http(AppProcess app, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10));
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
