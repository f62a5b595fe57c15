package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Which database failures may send an event to the DLQ (docs/design.md §4): the real PostgreSQL is made to fail the insert
 * of this test's events with a chosen SQLState, by a trigger the test installs and removes.
 */
@QuarkusTest
class DatabaseFailureClassificationTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aDatabaseThatRefusesEveryWriteIsRetriedWithReadinessSayingWhyAndNothingIsDeadLettered() throws Exception {
        for (String state : List.of("25006", "42501")) {
            String pipeline = LedgerTests.unique("readonly");
            LedgerTests.declare(pipeline, "sync");
            refuse(pipeline, state, "true");
            try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
                for (int i = 0; i < 20; i++) {
                    send(kafka, pipeline, i);
                }
                kafka.flush();
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(
                                () -> assertThat(given().get("/q/health/ready").asString())
                                        .contains("Ledger work")
                                        .contains(state));
                assertThat(deadLettered(kafka, pipeline))
                        .as("dead-lettered while the database refused writes")
                        .isEmpty();
                allow(pipeline);
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> assertThat(LedgerTests.states(pipeline)).isEqualTo(20));
                assertThat(deadLettered(kafka, pipeline)).isEmpty();
            } finally {
                allow(pipeline);
            }
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void onlyTheLoneEventWithADataErrorIsDeadLetteredAndTheRestOfItsBatchIsApplied() throws Exception {
        String pipeline = LedgerTests.unique("dataerror");
        LedgerTests.declare(pipeline, "sync");
        refuse(pipeline, "22023", "new.project = 'table_3'");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (int i = 0; i < 10; i++) {
                send(kafka, pipeline, i);
            }
            kafka.flush();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> assertThat(LedgerTests.states(pipeline)).isEqualTo(9));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> dead = deadLettered(kafka, pipeline);
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0).key()).isEqualTo(pipeline + "/table_3/default");
                assertThat(new String(
                                dead.get(0)
                                        .headers()
                                        .lastHeader(Topics.HEADER_ERROR_CODE)
                                        .value(),
                                StandardCharsets.UTF_8))
                        .isEqualTo("unprocessable");
            });
        } finally {
            allow(pipeline);
        }
    }

    /** Makes every insert of {@code pipeline}'s events matching {@code when} fail with SQLState {@code state}. */
    private void refuse(String pipeline, String state, String when) throws Exception {
        String fn = function(pipeline);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("create or replace function " + fn + "() returns trigger language plpgsql as $$ begin "
                    + "if new.pipeline = '" + pipeline + "' and (" + when + ") then "
                    + "raise exception 'refused by the test' using errcode = '" + state + "'; end if; "
                    + "return new; end $$");
            s.execute("create trigger " + fn.substring("ledger.".length()) + " before insert on ledger.event "
                    + "for each row execute function " + fn + "()");
        }
    }

    private void allow(String pipeline) throws Exception {
        String fn = function(pipeline);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("drop trigger if exists " + fn.substring("ledger.".length()) + " on ledger.event");
            s.execute("drop function if exists " + fn + "()");
        }
    }

    private static String function(String pipeline) {
        return "ledger.test_refuse_" + pipeline.replaceAll("[^a-z0-9]", "_");
    }

    private static List<ConsumerRecord<String, byte[]>> deadLettered(KafkaTestClient kafka, String pipeline) {
        return kafka.readAll(
                Topics.STAGE_EVENTS_DLQ, r -> r.key() != null && r.key().startsWith(pipeline + "/"));
    }

    private static void send(KafkaTestClient kafka, String pipeline, int i) {
        ObjectNode e = LedgerTests.event(
                pipeline + "-" + i, EventTypes.COMPLETED, pipeline, "table_" + i, "sync", T0.plusSeconds(i));
        kafka.sendAsync(Topics.STAGE_EVENTS, LedgerTests.key(e), e.toString().getBytes(StandardCharsets.UTF_8));
    }
}
