package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static dev.cairn.ledger.LedgerTests.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/barrier} against real Kafka and PostgreSQL: once it answers, {@code cairn.completions} up to the
 * answered offsets holds every event acknowledged before the call, over HTTP or by the broker on
 * {@code cairn.stage-events}; read only up to those offsets, so a record published later cannot make a test pass.
 */
@QuarkusTest
class BarrierTest {

    static final int ROUNDS = 50;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void everyEventAcknowledgedOverHttpIsBelowTheAnsweredOffsets() {
        String pipeline = LedgerTests.unique("barrier-http");
        LedgerTests.declare(pipeline, "metashape", "postprocess");
        try (CompletionsReader completions = new CompletionsReader(bootstrap)) {
            for (int i = 0; i < ROUNDS; i++) {
                String project = "p" + i;
                ObjectNode e = LedgerTests.event(
                        pipeline + "-" + i, EventTypes.COMPLETED, pipeline, project, "postprocess", T0);
                api().body(e.toString()).post("/api/v1/events").then().statusCode(201);
                completions.readUpTo(barrier());
                assertThat(completions.keys).as("round %d", i).contains(Topics.key(pipeline, project, "default"));
            }
        }
    }

    @Test
    void everyRecordTheBrokerAcknowledgedOnStageEventsIsBelowTheAnsweredOffsets() {
        String pipeline = LedgerTests.unique("barrier-kafka");
        LedgerTests.declare(pipeline, "metashape", "postprocess");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap);
                CompletionsReader completions = new CompletionsReader(bootstrap)) {
            for (int i = 0; i < ROUNDS; i++) {
                String project = "p" + i;
                ObjectNode e = LedgerTests.event(
                        pipeline + "-" + i, EventTypes.COMPLETED, pipeline, project, "postprocess", T0);
                kafka.send(Topics.STAGE_EVENTS, LedgerTests.key(e), e.toString()); // acks=all, waits for the ack
                completions.readUpTo(barrier());
                assertThat(completions.keys).as("round %d", i).contains(Topics.key(pipeline, project, "default"));
            }
        }
    }

    /**
     * Concurrent barriers share their reads of the offsets: each must still get offsets read after its own call began,
     * so that what it acknowledged just before is below them.
     */
    @Test
    void concurrentBarriersEachCoverWhatWasAcknowledgedBeforeTheirCall() throws Exception {
        String pipeline = LedgerTests.unique("barrier-concurrent");
        LedgerTests.declare(pipeline, "metashape", "postprocess");
        int clients = 8;
        Map<String, Map<Integer, Long>> answered = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (CompletionsReader completions = new CompletionsReader(bootstrap)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(pool.submit(() -> {
                    try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
                        for (int i = 0; i < ROUNDS / 5; i++) {
                            String project = "c" + client + "-" + i;
                            ObjectNode e = LedgerTests.event(
                                    pipeline + "-" + project,
                                    EventTypes.COMPLETED,
                                    pipeline,
                                    project,
                                    "postprocess",
                                    T0);
                            kafka.send(Topics.STAGE_EVENTS, LedgerTests.key(e), e.toString());
                            answered.put(Topics.key(pipeline, project, "default"), barrier());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
            Map<Integer, Long> highest = new HashMap<>();
            answered.values().forEach(o -> o.forEach((p, v) -> highest.merge(p, v, Math::max)));
            completions.readUpTo(highest);
            answered.forEach((key, offsets) -> {
                assertThat(completions.at).as("%s on the topic", key).containsKey(key);
                long[] at = completions.at.get(key);
                assertThat(at[1])
                        .as("offset of %s vs the answer %s", key, offsets)
                        .isLessThan(offsets.getOrDefault((int) at[0], 0L));
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBarrierThatCannotBeMetInTimeIsA503NamingWhatIsBehind() {
        String pipeline = LedgerTests.unique("barrier-outage");
        LedgerTests.declare(pipeline, "sync");
        TcpProxy postgres = DevStack.shared().proxy(DevStack.Service.POSTGRES);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            postgres.cut();
            try {
                ObjectNode e = LedgerTests.event(pipeline + "-1", EventTypes.COMPLETED, pipeline, "m1", "sync", T0);
                kafka.send(Topics.STAGE_EVENTS, LedgerTests.key(e), e.toString());
                api().queryParam("wait_ms", 3000)
                        .get("/api/v1/barrier")
                        .then()
                        .statusCode(503)
                        .contentType("application/problem+json")
                        .header("Retry-After", equalTo("1"))
                        .body("error", equalTo("not_fresh"))
                        .body("message", containsString("has not yet applied"))
                        .body("message", containsString("record(s) of " + Topics.STAGE_EVENTS));
            } finally {
                postgres.restore();
            }
        }
        api().queryParam("wait_ms", 30_000).get("/api/v1/barrier").then().statusCode(200);
        api().queryParam("wait_ms", 60_001)
                .get("/api/v1/barrier")
                .then()
                .statusCode(400)
                .body("problems[0].field", equalTo("wait_ms"));
    }

    static Map<Integer, Long> barrier() {
        JsonPath answer = api().queryParam("wait_ms", 10_000)
                .get("/api/v1/barrier")
                .then()
                .statusCode(200)
                .body("topic", equalTo(Topics.COMPLETIONS))
                .extract()
                .jsonPath();
        Map<Integer, Long> offsets = new HashMap<>();
        answer.getMap("offsets", String.class, Long.class).forEach((p, o) -> offsets.put(Integer.parseInt(p), o));
        return offsets;
    }

    /** Reads {@code cairn.completions} from its end at creation, and only up to the offsets it is given. */
    static final class CompletionsReader implements AutoCloseable {

        final Set<String> keys = new HashSet<>();
        /** Key to {partition, offset} of its first record read. */
        final Map<String, long[]> at = new HashMap<>();

        private final KafkaConsumer<String, byte[]> consumer;

        CompletionsReader(String bootstrap) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions =
                    consumer.partitionsFor(Topics.COMPLETIONS, Duration.ofSeconds(30)).stream()
                            .map(i -> new TopicPartition(Topics.COMPLETIONS, i.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        void readUpTo(Map<Integer, Long> offsets) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (Map.Entry<Integer, Long> e : offsets.entrySet()) {
                TopicPartition tp = new TopicPartition(Topics.COMPLETIONS, e.getKey());
                while (consumer.position(tp) < e.getValue()) {
                    assertThat(System.nanoTime()).as("read up to %s", offsets).isLessThan(deadline);
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.offset() < offsets.getOrDefault(r.partition(), 0L)) {
                            keys.add(r.key());
                            at.putIfAbsent(r.key(), new long[] {r.partition(), r.offset()});
                        }
                    }
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
