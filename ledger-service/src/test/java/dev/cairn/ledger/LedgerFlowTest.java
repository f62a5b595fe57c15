package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static dev.cairn.ledger.LedgerTests.api;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LedgerFlowTest {

    static final List<String> STAGES = List.of("metashape", "postprocess");
    static final List<String> TYPES = List.of(EventTypes.STARTED, EventTypes.COMPLETED, EventTypes.FAILED);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyEventIsAppliedExactlyOnceWhateverTheOrderAndRedeliveries() throws Exception {
        String pipeline = LedgerTests.unique("flow");
        LedgerTests.declare(pipeline, STAGES.toArray(String[]::new));
        Random random = new Random(42);

        List<ObjectNode> events = new ArrayList<>();
        Map<String, Integer> oracleLevel = new HashMap<>();
        Map<String, Integer> eventsPerKey = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            String project = "mission_" + (i < 300 ? i : random.nextInt(300));
            int stage = random.nextInt(2);
            String type = TYPES.get(random.nextInt(3));
            ObjectNode e = LedgerTests.event(
                    pipeline + "-e" + i,
                    type,
                    pipeline,
                    project,
                    STAGES.get(stage),
                    T0.plusSeconds(random.nextInt(100_000)));
            events.add(e);
            String key = LedgerTests.key(e);
            eventsPerKey.merge(key, 1, Integer::sum);
            if (EventTypes.COMPLETED.equals(type)) {
                oracleLevel.merge(key, stage, Math::max);
            }
        }
        // every event three times, shuffled, then every higher-stage event before the lower-stage ones
        List<ObjectNode> sends = new ArrayList<>();
        for (int copy = 0; copy < 3; copy++) {
            sends.addAll(events);
        }
        Collections.shuffle(sends, random);
        sends.sort(Comparator.comparing(
                        (ObjectNode e) -> STAGES.indexOf(e.get("stage").asText()))
                .reversed());

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (ObjectNode e : sends) {
                kafka.sendAsync(
                        Topics.STAGE_EVENTS, LedgerTests.key(e), e.toString().getBytes());
            }
            kafka.flush();

            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(historyRows(pipeline)).isEqualTo(1000));

            Map<String, String> levels = new HashMap<>();
            String after = null;
            do {
                var page = api().queryParam("pipeline", pipeline)
                        .queryParam("limit", 200)
                        .queryParam("after", after == null ? "" : after)
                        .get("/api/v1/completions")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                List<Map<String, Object>> items = page.getList("items");
                items.forEach(item -> levels.put(
                        Topics.key(pipeline, (String) item.get("project"), (String) item.get("config_id")),
                        (String) item.get("level")));
                after = page.getString("next");
            } while (after != null);
            assertThat(levels).hasSize(eventsPerKey.size());
            eventsPerKey
                    .keySet()
                    .forEach(key -> assertThat(levels.get(key))
                            .as(key)
                            .isEqualTo(oracleLevel.containsKey(key) ? STAGES.get(oracleLevel.get(key)) : null));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<CompletionRecorded> published =
                        kafka.readAll(Topics.COMPLETIONS, r -> r.key().startsWith(pipeline + "/")).stream()
                                .map(LedgerTests::completion)
                                .toList();
                Set<String> distinct =
                        published.stream().map(c -> c.key() + "#" + c.version()).collect(Collectors.toSet());
                assertThat(distinct).hasSize(1000);
                Map<String, Long> maxVersion = published.stream()
                        .collect(Collectors.toMap(CompletionRecorded::key, CompletionRecorded::version, Math::max));
                eventsPerKey.forEach(
                        (key, n) -> assertThat(maxVersion.get(key)).as(key).isEqualTo(n.longValue()));
            });
            assertKafkaOrderPerKey(
                    kafka.readAll(Topics.COMPLETIONS, r -> r.key().startsWith(pipeline + "/")));
        }
    }

    private static void assertKafkaOrderPerKey(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, Long> last = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records.stream()
                .sorted(Comparator.comparing((ConsumerRecord<String, byte[]> x) -> x.partition())
                        .thenComparing(ConsumerRecord::offset))
                .toList()) {
            CompletionRecorded c = LedgerTests.completion(r);
            long version = c.version();
            // the applied event's metrics travel with its change (the marker files report them)
            assertThat(c.change().metrics())
                    .as("metrics of %s", new String(r.value(), UTF_8))
                    .isNotNull();
            assertThat(c.change().metrics().path("rows_processed").asLong())
                    .as("metrics of %s", new String(r.value(), UTF_8))
                    .isEqualTo(10);
            Long previous = last.put(r.key(), version);
            assertThat(previous == null ? 0 : previous)
                    .as("versions of %s in partition order", r.key())
                    .isLessThan(version);
        }
    }

    private long historyRows(String pipeline) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select count(*) from ledger.event where pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
