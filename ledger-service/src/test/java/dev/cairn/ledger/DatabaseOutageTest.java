package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static dev.cairn.ledger.LedgerTests.api;
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
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DatabaseOutageTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void noEventIsLostWhilePostgresIsUnavailableAndConsumptionResumesByItself() {
        String pipeline = LedgerTests.unique("outage");
        LedgerTests.declare(pipeline, "sync");
        TcpProxy postgres = DevStack.shared().proxy(DevStack.Service.POSTGRES);
        int total = 600;
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (int i = 0; i < 200; i++) {
                send(kafka, pipeline, i);
            }
            kafka.flush();
            postgres.cut();
            try {
                for (int i = 200; i < total; i++) {
                    send(kafka, pipeline, i);
                }
                kafka.flush();
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(
                                () -> given().get("/q/health/ready").then().statusCode(503));
                await().pollDelay(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> true);
            } finally {
                postgres.restore();
            }

            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(
                            () -> api().queryParam("pipeline", pipeline)
                                    .queryParam("limit", 1000)
                                    .get("/api/v1/completions")
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .jsonPath()
                                    .getList("items")
                                    .size(),
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
            given().get("/q/health/ready").then().statusCode(200);
        }
    }

    private static void send(KafkaTestClient kafka, String pipeline, int i) {
        ObjectNode e = LedgerTests.event(
                pipeline + "-" + i, EventTypes.COMPLETED, pipeline, "table_" + i, "sync", T0.plusSeconds(i));
        kafka.sendAsync(Topics.STAGE_EVENTS, LedgerTests.key(e), e.toString().getBytes());
    }
}
