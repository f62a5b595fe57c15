package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static dev.cairn.ledger.LedgerTests.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaBroker;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.ledger.store.OutboxStore;
import dev.cairn.service.error.TooLargeException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Records the broker refuses for good (docs/design.md §4, "Failures") never block the records behind them: an outbox row is
 * parked, a change whose record would be too large is refused in its transaction, a DLQ copy too large for the DLQ
 * topic goes truncated or is parked. Every DLQ copy keeps the original headers and timestamp.
 */
@QuarkusTest
class UnsendableRecordsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxStore outbox;

    @Test
    void anOutboxRowTheBrokerRefusesIsParkedWithAMetricAndTheCompletionsBehindItFlow() throws Exception {
        String pipeline = LedgerTests.unique("park");
        LedgerTests.declare(pipeline, "sync");
        long id;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into ledger.outbox (topic_key, payload) values (?, ?) returning id")) {
            ps.setString(1, pipeline + "/huge/default");
            ps.setBytes(2, new byte[1536 * 1024]); // over the broker's 1 MiB message.max.bytes
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            // the first may share the relay's round with the refused row; the second comes in a round of its own
            for (String project : List.of("after", "later")) {
                send(kafka, event(pipeline, project));
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(kafka.readAll(
                                        Topics.COMPLETIONS, r -> r.key().equals(pipeline + "/" + project + "/default")))
                                .isNotEmpty());
            }
        }
        // the refused row leaves the outbox: it is not re-sent round after round with everything behind it
        await().atMost(Duration.ofSeconds(30)).until(() -> !outboxHolds(id));
        assertThat(parked("outbox", "outbox:" + id)).contains("RecordTooLargeException");
        assertThat(given().get("/q/metrics").asString()).containsPattern("cairn_ledger_parked_total\\{kind=\"outbox\"");
    }

    @Test
    void aResetWhoseRequesterWouldMakeItsRecordTooLargeIsRefusedAndChangesNothing() {
        String pipeline = LedgerTests.unique("bigreset");
        LedgerTests.declare(pipeline, "sync");
        api().body(event(pipeline, "p").toString())
                .post("/api/v1/events")
                .then()
                .statusCode(201);
        // the field limit (200 characters) refuses it first; the outbox's own limit is the next test's
        api().body(Map.of("requested_by", "x".repeat(1_100_000)))
                .post("/api/v1/completions/" + pipeline + "/p/reset")
                .then()
                .statusCode(400)
                .body("problems.field", hasItem("requested_by"));
        api().get("/api/v1/completions/" + pipeline + "/p")
                .then()
                .statusCode(200)
                .body("level", equalTo("sync"));
    }

    @Test
    void theOutboxRefusesARecordOverItsLimitInTheCallersTransaction() throws Exception {
        String key = LedgerTests.unique("bigrow") + "/p/default";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<OutboxStore.Pending> rows = List.of(
                    new OutboxStore.Pending(key, new byte[10]), new OutboxStore.Pending(key, new byte[1_000_001]));
            assertThatThrownBy(() -> outbox.append(c, rows))
                    .isInstanceOf(TooLargeException.class)
                    .hasMessageContaining("cairn.ledger.relay.max-payload");
            c.rollback();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select count(*) from ledger.outbox where topic_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("no row of the refused batch").isZero();
            }
        }
    }

    @Test
    void aDlqCopyTooLargeForTheDlqTopicGoesTruncatedWithItsSizeOrIsParkedAndThePartitionGoesOn() throws Exception {
        String pipeline = LedgerTests.unique("bigdlq");
        LedgerTests.declare(pipeline, "sync");
        String key = Topics.key(pipeline, "p", "default");
        byte[] garbage = new byte[200_000];
        Arrays.fill(garbage, (byte) 'x');
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            try {
                limitDlq("100000");
                kafka.send(Topics.STAGE_EVENTS, key, garbage);
                send(kafka, event(pipeline, "p", "e1"));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    List<ConsumerRecord<String, byte[]>> dead = deadLettered(kafka, key);
                    assertThat(dead).hasSize(1);
                    assertThat(header(dead.get(0), Topics.HEADER_ORIGINAL_SIZE)).isEqualTo("200000");
                    assertThat(dead.get(0).value()).hasSize(65536);
                });
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> applied(pipeline, "p"));
                limitDlq("2000");
                int partition = kafka.send(Topics.STAGE_EVENTS, key, garbage).partition();
                sendTo(kafka, partition, event(pipeline, "q"));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> applied(pipeline, "q"));
                assertThat(parked("dlq", null)).contains("invalid_json");
            } finally {
                limitDlq(null);
            }
        }
    }

    @Test
    void aRefusalWhoseDlqTopicIsMissingIsParkedWithAMetricAndThePartitionGoesOn() throws Exception {
        String pipeline = LedgerTests.unique("nodlq");
        LedgerTests.declare(pipeline, "sync");
        String key = Topics.key(pipeline, "p", "default");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            try {
                // the devstack's broker has auto.create.topics.enable=false
                KafkaBroker.deleteTopic(bootstrap, Topics.STAGE_EVENTS_DLQ);
                int partition = kafka.send(Topics.STAGE_EVENTS, key, "not json").partition();
                sendTo(kafka, partition, event(pipeline, "p"));
                // batches are applied concurrently: the event behind it may be applied first, the refusal is parked
                // once the broker said the topic is missing: the first copy waits cairn.ledger.dlq-ack-timeout (20 s
                // in tests) for an ack, the retry the producer's max.block.ms (15 s in tests) for the topic's metadata
                await().atMost(Duration.ofSeconds(180))
                        .untilAsserted(() -> assertThat(parked("dlq", null))
                                .contains("invalid_json")
                                .contains("topic " + Topics.STAGE_EVENTS_DLQ + " is absent"));
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> applied(pipeline, "p"));
                assertThat(given().get("/q/metrics").asString())
                        .containsPattern("cairn_ledger_parked_total\\{kind=\"dlq\"[^}]*\\} [1-9]");
            } finally {
                KafkaBroker.createCairnTopics(bootstrap, 1); // creates only the missing DLQ topic again
            }
        }
    }

    @Test
    void theDlqCopyKeepsTheOriginalHeadersAndTimestamp() {
        String pipeline = LedgerTests.unique("headers");
        String key = Topics.key(pipeline, "p", "default");
        long timestamp = T0.toEpochMilli();
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
        headers.add("producer", "argo".getBytes(StandardCharsets.UTF_8));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(new ProducerRecord<>(
                    Topics.STAGE_EVENTS, null, timestamp, key, "not json".getBytes(StandardCharsets.UTF_8), headers));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<ConsumerRecord<String, byte[]>> dead = deadLettered(kafka, key);
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0).timestamp()).isEqualTo(timestamp);
                assertThat(header(dead.get(0), "traceparent")).isEqualTo("00-abc-def-01");
                assertThat(header(dead.get(0), "producer")).isEqualTo("argo");
                assertThat(header(dead.get(0), Topics.HEADER_ERROR_CODE)).isEqualTo("invalid_json");
            });
        }
    }

    private boolean outboxHolds(long id) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select 1 from ledger.outbox where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private String parked(String kind, String origin) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select string_agg(reason, ' | ') from ledger.parked "
                        + "where kind = ? and (?::text is null or origin = ?)")) {
            ps.setString(1, kind);
            ps.setString(2, origin);
            ps.setString(3, origin);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return String.valueOf(rs.getString(1));
            }
        }
    }

    /** Sets (or with null removes) {@code max.message.bytes} of the stage-event DLQ topic. */
    private void limitDlq(String bytes) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.STAGE_EVENTS_DLQ);
            AlterConfigOp op = bytes == null
                    ? new AlterConfigOp(new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)
                    : new AlterConfigOp(new ConfigEntry("max.message.bytes", bytes), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void applied(String pipeline, String project) {
        api().get("/api/v1/completions/" + pipeline + "/" + project).then().statusCode(200);
    }

    private static List<ConsumerRecord<String, byte[]>> deadLettered(KafkaTestClient kafka, String key) {
        return kafka.readAll(Topics.STAGE_EVENTS_DLQ, r -> key.equals(r.key()));
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static ObjectNode event(String pipeline, String project) {
        return event(pipeline, project, pipeline + "-" + project);
    }

    private static ObjectNode event(String pipeline, String project, String eventId) {
        return LedgerTests.event(eventId, EventTypes.COMPLETED, pipeline, project, "sync", T0);
    }

    /** Sends {@code e} to {@code partition}: behind a record of another key on the same partition. */
    private static void sendTo(KafkaTestClient kafka, int partition, ObjectNode e) {
        kafka.send(new ProducerRecord<>(
                Topics.STAGE_EVENTS, partition, LedgerTests.key(e), e.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void send(KafkaTestClient kafka, ObjectNode e) {
        kafka.send(Topics.STAGE_EVENTS, LedgerTests.key(e), e.toString());
    }
}
