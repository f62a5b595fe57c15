package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DatabaseOutageTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** Longer than the Kafka connector's default 60 s limit on a record in flight, which used to kill the channel. */
    static final Duration OUTAGE = Duration.ofSeconds(90);

    @Test
    void aNinetySecondDatabaseOutageUnderLoadLosesAndDoublesNothingAndTheLedgerRecoversWithoutRestart()
            throws InterruptedException {
        String pipeline = LedgerTests.unique("outage");
        LedgerTests.declare(pipeline, "sync");
        TcpProxy postgres = DevStack.shared().proxy(DevStack.Service.POSTGRES);
        int sent = 0;
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (; sent < 200; sent++) {
                send(kafka, pipeline, sent);
            }
            kafka.flush();
            postgres.cut();
            try {
                long end = System.nanoTime() + OUTAGE.toNanos();
                AtomicInteger sending = new AtomicInteger(sent);
                AtomicBoolean sawDown = new AtomicBoolean();
                // 5 events a second for the whole outage; every 10 s readiness must say why and liveness stay UP
                await().atMost(OUTAGE.plusSeconds(60))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            for (int i = 0; i < 5; i++) {
                                send(kafka, pipeline, sending.getAndIncrement());
                            }
                            kafka.flush();
                            if (sending.get() % 50 == 0) {
                                sawDown.compareAndSet(false, readinessSaysWhy());
                                given().get("/q/health/live").then().statusCode(200);
                            }
                            return System.nanoTime() >= end;
                        });
                sent = sending.get();
                assertThat(sawDown.get())
                        .as("readiness DOWN with the reason during the outage")
                        .isTrue();
                given().get("/q/health/live").then().statusCode(200);
            } finally {
                postgres.restore();
            }
            int total = sent;
            await().atMost(Duration.ofSeconds(120))
                    .untilAsserted(
                            () -> LedgerTests.states(pipeline),
                            s -> assertThat(s).isEqualTo(total));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<CompletionRecorded> published =
                        kafka.readAll(Topics.COMPLETIONS, r -> r.key().startsWith(pipeline + "/")).stream()
                                .map(LedgerTests::completion)
                                .toList();
                Set<String> keys =
                        published.stream().map(CompletionRecorded::key).collect(Collectors.toSet());
                assertThat(keys).hasSize(total);
                assertThat(published).allMatch(c -> c.version() == 1);
            });
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
            given().get("/q/health/live").then().statusCode(200);
        }
    }

    /** True when readiness is DOWN and names the failing work and its cause. */
    private static boolean readinessSaysWhy() {
        var health = given().get("/q/health/ready");
        if (health.statusCode() != 503) {
            return false;
        }
        List<Map<String, Object>> checks = health.jsonPath().getList("checks");
        return checks.stream()
                .filter(c -> "Ledger work".equals(c.get("name")) && "DOWN".equals(c.get("status")))
                .map(c -> String.valueOf(c.get("data")))
                .anyMatch(d -> d.contains("applying") && d.contains("SQLState 08"));
    }

    private static void send(KafkaTestClient kafka, String pipeline, int i) {
        ObjectNode e = LedgerTests.event(
                pipeline + "-" + i, EventTypes.COMPLETED, pipeline, "table_" + i, "sync", T0.plusSeconds(i));
        kafka.sendAsync(Topics.STAGE_EVENTS, LedgerTests.key(e), e.toString().getBytes());
    }
}
