package dev.cairn.ledger.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.devstack.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The end offsets the freshness barrier reads in its first step (real Kafka): every record the broker acknowledged
 * before a read is below its answer, also on a partition added to the topic since the previous read.
 */
@QuarkusTest
class KafkaOffsetsTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    KafkaOffsets offsets;

    /** One read of the end offsets of the topic under test. */
    @FunctionalInterface
    interface Read {
        Map<TopicPartition, Long> endOffsets() throws Exception;
    }

    @Test
    void everyRecordAcknowledgedBeforeAReadIsBelowItsAnswerAlsoOnAPartitionAddedSinceTheLastRead() throws Exception {
        String topic = "kafka-offsets-" + UUID.randomUUID();
        coversEveryAcknowledgedRecordAlsoOnAddedPartitions(bootstrap, topic, () -> offsets.endOffsets(topic, TIMEOUT));
    }

    /**
     * Creates {@code topic}, produces to it and adds partitions between reads: every record acknowledged before a
     * read is below its answer.
     */
    static void coversEveryAcknowledgedRecordAlsoOnAddedPartitions(String bootstrap, String topic, Read read)
            throws Exception {
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        TopicPartition p2 = new TopicPartition(topic, 2);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            assertThat(read.endOffsets()).as("a topic not created yet").isEmpty();
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            assertThat(read.endOffsets()).isEqualTo(Map.of(p0, 0L));

            kafka.send(new ProducerRecord<>(topic, 0, "k", new byte[1]));
            assertThat(read.endOffsets()).isEqualTo(Map.of(p0, 1L));

            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3)))
                    .all()
                    .get();
            kafka.send(new ProducerRecord<>(topic, 2, "k", new byte[1]));
            kafka.send(new ProducerRecord<>(topic, 2, "k", new byte[1]));
            assertThat(read.endOffsets()).isEqualTo(Map.of(p0, 1L, p1, 0L, p2, 2L));

            kafka.send(new ProducerRecord<>(topic, 1, "k", new byte[1]));
            kafka.send(new ProducerRecord<>(topic, 0, "k", new byte[1]));
            assertThat(read.endOffsets()).isEqualTo(Map.of(p0, 2L, p1, 1L, p2, 2L));
        }
    }
}
