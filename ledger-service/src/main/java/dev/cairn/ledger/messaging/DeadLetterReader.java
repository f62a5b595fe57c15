package dev.cairn.ledger.messaging;

import dev.cairn.contracts.Topics;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.service.error.UnavailableException;
import dev.cairn.service.kafka.KafkaClientSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the newest records of the DLQ topic on request ({@code GET /api/v1/dlq}): a short-lived consumer, assigned
 * (no group, no commits), seeks each partition to {@code limit} records before its end and reads up to the end. No
 * state is kept between requests, so every instance answers the same and nothing grows in memory.
 */
@ApplicationScoped
public class DeadLetterReader {

    private static final int MAX_VALUE_CHARS = 2000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One DLQ record: its reason and detail headers, where it came from, and the start of its value. */
    public record DeadLetter(
            int partition,
            long offset,
            Instant timestamp,
            String key,
            String reason,
            String detail,
            String sourceTopic,
            String sourcePartition,
            String sourceOffset,
            String value) {}

    private final Map<String, Object> kafka;
    private final String topic;

    DeadLetterReader(@Identifier("default-kafka-broker") Map<String, Object> kafka, LedgerConfig config) {
        this.kafka = kafka;
        this.topic = config.dlqTopic();
    }

    /** The newest {@code limit} records of the DLQ (at most {@code limit} per partition read), newest first. */
    public List<DeadLetter> newest(int limit) {
        Map<String, Object> config = new HashMap<>(KafkaClientSettings.consumer(kafka));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "cairn-ledger-dlq-reader");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - limit));
            }
            List<DeadLetter> out = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reachedEnd(consumer, partitions, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(letter(r));
                    }
                }
            }
            out.sort(Comparator.comparing(DeadLetter::timestamp).reversed());
            return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
        } catch (KafkaException e) {
            throw new UnavailableException("kafka_unavailable", "cannot read " + topic + ": " + e.getMessage());
        }
    }

    private static boolean reachedEnd(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static DeadLetter letter(ConsumerRecord<byte[], byte[]> r) {
        String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
        if (value != null && value.length() > MAX_VALUE_CHARS) {
            value = value.substring(0, MAX_VALUE_CHARS) + "…";
        }
        return new DeadLetter(
                r.partition(),
                r.offset(),
                Instant.ofEpochMilli(r.timestamp()),
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                header(r, Topics.HEADER_ERROR_CODE),
                header(r, Topics.HEADER_ERROR_DETAIL),
                header(r, Topics.HEADER_SOURCE_TOPIC),
                header(r, Topics.HEADER_SOURCE_PARTITION),
                header(r, Topics.HEADER_SOURCE_OFFSET),
                value);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
