package dev.cairn.ledger.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.devstack.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The shared read of the input topic's end offsets (real Kafka): every record the broker acknowledged before a
 * barrier asked is below its answer, also on a partition added since the previous read, and also when many barriers
 * ask at once and share reads.
 */
@QuarkusTest
class InputEndOffsetsTest {

    @Inject
    KafkaOffsets kafkaOffsets;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void everyRecordAcknowledgedBeforeAskingIsBelowTheAnswerAlsoOnAPartitionAddedSinceTheLastRead() throws Exception {
        String topic = "input-end-offsets-" + UUID.randomUUID();
        InputEndOffsets offsets = reader(topic);
        try {
            KafkaOffsetsTest.coversEveryAcknowledgedRecordAlsoOnAddedPartitions(
                    bootstrap, topic, () -> offsets.endOffsets(KafkaOffsetsTest.TIMEOUT));
        } finally {
            offsets.close();
        }
    }

    @Test
    void concurrentAsksEachCoverWhatWasAcknowledgedBeforeThem() throws Exception {
        String topic = "input-end-offsets-" + UUID.randomUUID();
        InputEndOffsets offsets = reader(topic);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int partition = c % 2;
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        long acked = kafka.send(new ProducerRecord<>(topic, partition, "k", new byte[1]))
                                .offset();
                        Map<TopicPartition, Long> answer = offsets.endOffsets(KafkaOffsetsTest.TIMEOUT);
                        assertThat(answer.get(new TopicPartition(topic, partition)))
                                .as("answer after the record at offset %d", acked)
                                .isGreaterThan(acked);
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            offsets.close();
        }
    }

    @Test
    void readsLogNoWarningAboutPartitionsNotAssigned() throws Exception {
        String topic = "input-end-offsets-" + UUID.randomUUID();
        InputEndOffsets offsets = reader(topic);
        Logger kafkaLog = Logger.getLogger("org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils");
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        kafkaLog.addHandler(capture);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            for (int i = 0; i < 10; i++) {
                long acked = kafka.send(new ProducerRecord<>(topic, i % 3, "k", new byte[1]))
                        .offset();
                assertThat(offsets.endOffsets(KafkaOffsetsTest.TIMEOUT).get(new TopicPartition(topic, i % 3)))
                        .isGreaterThan(acked);
            }
            assertThat(warnings)
                    .as("kafka-clients warnings while 10 barriers read the end offsets of 3 partitions")
                    .isEmpty();
        } finally {
            kafkaLog.removeHandler(capture);
            offsets.close();
        }
    }

    private InputEndOffsets reader(String topic) {
        return new InputEndOffsets(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic, kafkaOffsets);
    }
}
