package dev.cairn.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.contracts.Topics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class DevStackTest {

    private static DevStack stack;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        stack = new DevStack(false, false, 3, Map.of()).ensure(EnumSet.allOf(DevStack.Service.class));
        // printed for the reader; start time is a benchmark figure, not a test assertion
        long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("devstack ready in " + startMillis + " ms: " + stack.describe());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void createsTheCairnTopicsWithTheirPolicies() throws Exception {
        try (Admin admin = KafkaBroker.admin(stack.settings().kafkaBootstrapServers(), Duration.ofSeconds(10))) {
            assertThat(admin.listTopics().names().get())
                    .contains(
                            Topics.STAGE_EVENTS,
                            Topics.STAGE_EVENTS_DLQ,
                            Topics.COMPLETIONS,
                            Topics.MARKERS,
                            Topics.MARKERS_DLQ,
                            Topics.ITEM_EVENTS,
                            Topics.ITEM_EVENTS_DLQ,
                            Topics.OPENLINEAGE);
            ConfigResource completions = new ConfigResource(ConfigResource.Type.TOPIC, Topics.COMPLETIONS);
            Config config =
                    admin.describeConfigs(List.of(completions)).all().get().get(completions);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("min.compaction.lag.ms").value()).isEqualTo(Long.toString(TimeUnit.DAYS.toMillis(7)));
        }
    }

    @Test
    void kafkaRoundTripsARecord() {
        try (KafkaTestClient kafka = new KafkaTestClient(stack.settings().kafkaBootstrapServers())) {
            kafka.send(Topics.MARKERS, "p/x/default", "{\"hello\":1}");
            assertThat(kafka.readAll(Topics.MARKERS, r -> "p/x/default".equals(r.key())))
                    .hasSize(1);
        }
    }

    @Test
    void s3StoresObjectsAndRefusesConditionalOverwrite() {
        stack.createBuckets(List.of("devstack-test"));
        try (S3Client s3 = S3Server.client(stack.settings().s3Endpoint())) {
            s3.putObject(b -> b.bucket("devstack-test").key("a/b.txt"), RequestBody.fromString("one"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("devstack-test").key("a/b.txt"))
                            .asUtf8String())
                    .isEqualTo("one");
            try {
                s3.putObject(
                        b -> b.bucket("devstack-test").key("a/b.txt").ifNoneMatch("*"), RequestBody.fromString("two"));
                throw new AssertionError("a conditional PUT over an existing key must fail");
            } catch (S3Exception e) {
                assertThat(e.statusCode()).isEqualTo(412);
            }
            assertThat(s3.getObjectAsBytes(b -> b.bucket("devstack-test").key("a/b.txt"))
                            .asUtf8String())
                    .isEqualTo("one");
        }
    }

    @Test
    void postgresCreatesAndDropsDatabases() throws Exception {
        Postgres pg = stack.requirePostgres();
        String db = "cairn_devstack_test_" + ProcessHandle.current().pid();
        pg.createDatabase(db);
        pg.createDatabase(db); // idempotent
        try (Connection c = pg.connect(db);
                ResultSet rs = c.createStatement().executeQuery("select current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(db);
        }
        pg.dropDatabase(db);
        try (Connection c = pg.connect("postgres");
                ResultSet rs = c.createStatement()
                        .executeQuery("select count(*) from pg_database where datname = '" + db + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void exportLinesNameEveryServer() {
        assertThat(String.join("\n", stack.settings().exportLines()))
                .contains("export KAFKA_BOOTSTRAP_SERVERS='127.0.0.1:")
                .contains("export QUARKUS_DATASOURCE_JDBC_URL='jdbc:postgresql://")
                .contains("export QUARKUS_S3_ENDPOINT_OVERRIDE='http://127.0.0.1:")
                .contains("export S3_ENDPOINT=");
    }
}
