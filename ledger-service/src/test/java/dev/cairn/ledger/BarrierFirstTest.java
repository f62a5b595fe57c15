package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static dev.cairn.ledger.LedgerTests.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.EventTypes;
import dev.cairn.ledger.messaging.AppliedOffsets;
import dev.cairn.ledger.messaging.StageEventConsumer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * While a barrier waits, the consumer applies the records of a batch below its offsets in a transaction of their own,
 * before the rest, and says so as soon as they are committed; without a waiting barrier a batch stays one transaction.
 * Against the real PostgreSQL: a batch is handed to the consumer as the channel would, on a partition of a topic of
 * its own (so the channel's own partitions are not touched); a row lock holds the rest back while the test looks, and
 * each event's transaction is read back ({@code xmin}).
 */
@QuarkusTest
class BarrierFirstTest {

    static final int RECORDS = 300;
    static final long FIRST_OFFSET = 1_000;
    static final long WANTED = FIRST_OFFSET + 120;

    @Inject
    StageEventConsumer consumer;

    @Inject
    AppliedOffsets applied;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void whatABarrierWaitsForIsCommittedAndReportedBeforeTheRestOfTheBatch() throws Exception {
        String pipeline = LedgerTests.unique("barrier-first");
        LedgerTests.declare(pipeline, "metashape", "postprocess");
        // a project of the batch's rest has a state already: holding its row holds the rest's transaction back
        String held = project(WANTED + 10);
        api().body(LedgerTests.event(pipeline + "-before", EventTypes.COMPLETED, pipeline, held, "metashape", T0)
                        .toString())
                .post("/api/v1/events")
                .then()
                .statusCode(201);
        TopicPartition tp = new TopicPartition(LedgerTests.unique("barrier-first"), 0);
        applied.assigned(Map.of(tp, FIRST_OFFSET));
        Map<TopicPartition, Long> ends = Map.of(tp, WANTED);
        applied.want(ends);
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement ps = lock.prepareStatement(
                    "select 1 from ledger.project_state where pipeline = ? and project = ? for update")) {
                ps.setString(1, pipeline);
                ps.setString(2, held);
                ps.executeQuery().close();
            }
            CompletableFuture<Void> consuming = CompletableFuture.runAsync(() -> consume(batch(tp, pipeline)));
            await().atMost(Duration.ofSeconds(30)).until(() -> applied.applied(tp) >= WANTED);
            assertThat(applied.applied(tp))
                    .as("applied offset while the rest waits")
                    .isEqualTo(WANTED);
            assertThat(transactionsByOffset(pipeline).keySet())
                    .as("events committed while the rest waits")
                    .containsExactlyElementsOf(
                            LongStream.range(FIRST_OFFSET, WANTED).boxed().toList());
            lock.rollback();
            consuming.get(30, TimeUnit.SECONDS);
        } finally {
            applied.unwant(ends);
        }
        assertThat(applied.applied(tp)).isEqualTo(FIRST_OFFSET + RECORDS);
        TreeMap<Long, Long> transactions = transactionsByOffset(pipeline);
        assertThat(transactions).hasSize(RECORDS);
        assertThat(transactions.headMap(WANTED).values().stream().distinct()).hasSize(1);
        assertThat(transactions.tailMap(WANTED).values().stream().distinct()).hasSize(1);
        assertThat(transactions.get(FIRST_OFFSET)).isNotEqualTo(transactions.get(WANTED));
    }

    @Test
    void withoutAWaitingBarrierABatchIsOneTransaction() throws Exception {
        String pipeline = LedgerTests.unique("barrier-first-none");
        LedgerTests.declare(pipeline, "metashape", "postprocess");
        TopicPartition tp = new TopicPartition(LedgerTests.unique("barrier-first-none"), 0);
        applied.assigned(Map.of(tp, FIRST_OFFSET));
        consumer.consume(batch(tp, pipeline));
        TreeMap<Long, Long> transactions = transactionsByOffset(pipeline);
        assertThat(transactions).hasSize(RECORDS);
        assertThat(transactions.values().stream().distinct()).hasSize(1);
        assertThat(applied.applied(tp)).isEqualTo(FIRST_OFFSET + RECORDS);
    }

    /** {@link #RECORDS} events at offsets from {@link #FIRST_OFFSET}, one project each, projects named by offset. */
    static ConsumerRecords<String, byte[]> batch(TopicPartition tp, String pipeline) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            long offset = FIRST_OFFSET + i;
            ObjectNode e = LedgerTests.event(
                    pipeline + "-" + offset, EventTypes.COMPLETED, pipeline, project(offset), "postprocess", T0);
            records.add(new ConsumerRecord<>(
                    tp.topic(),
                    tp.partition(),
                    offset,
                    LedgerTests.key(e),
                    e.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return new ConsumerRecords<>(Map.of(tp, records));
    }

    private void consume(ConsumerRecords<String, byte[]> batch) {
        try {
            consumer.consume(batch);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String project(long offset) {
        return "p" + (9_999 - (offset - FIRST_OFFSET)); // names in reverse of the offsets
    }

    /** Each event of {@code pipeline} committed from a record: its offset and the transaction that wrote it. */
    private TreeMap<Long, Long> transactionsByOffset(String pipeline) {
        TreeMap<Long, Long> out = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select source, xmin::text::bigint from ledger.event where pipeline = ? and source like 'kafka:%'")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String source = rs.getString(1);
                    out.put(Long.parseLong(source.substring(source.lastIndexOf('@') + 1)), rs.getLong(2));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
