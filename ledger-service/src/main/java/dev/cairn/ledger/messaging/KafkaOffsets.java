package dev.cairn.ledger.messaging;

import dev.cairn.service.kafka.KafkaClientSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Offsets the freshness barrier reads, through one admin client (thread-safe): the end offsets of a topic and the
 * offsets a consumer group has committed. A topic that does not exist yet has no partitions (an empty map).
 */
@ApplicationScoped
public class KafkaOffsets {

    private final Admin admin;

    KafkaOffsets(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        Map<String, Object> config = KafkaClientSettings.admin(new HashMap<>(kafka));
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "cairn-ledger-barrier");
        this.admin = Admin.create(config); // connects on first use
    }

    /**
     * The end offset of every partition of {@code topic}: the high watermark ({@code read_uncommitted}), i.e. one past
     * the last record the broker has acknowledged to a producer with {@code acks=all}.
     */
    public Map<TopicPartition, Long> endOffsets(String topic, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        return readEndOffsets(topic, timeout);
    }

    /**
     * The partitions of {@code topic}, listed by a request sent now (empty when the topic does not exist); completes
     * when the broker answers.
     */
    public CompletableFuture<Set<TopicPartition>> partitions(String topic) {
        CompletableFuture<Set<TopicPartition>> listed = new CompletableFuture<>();
        admin.describeTopics(List.of(topic)).allTopicNames().whenComplete((described, failure) -> {
            if (failure == null) {
                listed.complete(described.get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toUnmodifiableSet()));
            } else if (failure instanceof UnknownTopicOrPartitionException
                    || failure.getCause() instanceof UnknownTopicOrPartitionException) {
                listed.complete(Set.of());
            } else {
                listed.completeExceptionally(failure);
            }
        });
        return listed;
    }

    /** The offsets {@code group} has committed, per partition (a partition it never committed is absent). */
    public Map<TopicPartition, Long> committed(String group, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        return readCommitted(group, timeout);
    }

    private Map<TopicPartition, Long> readEndOffsets(String topic, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        Set<TopicPartition> partitions = partitions(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (partitions.isEmpty()) {
            return Map.of(); // the topic does not exist
        }
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private Map<TopicPartition, Long> readCommitted(String group, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((tp, o) -> {
            if (o != null) {
                offsets.put(tp, o.offset());
            }
        });
        return offsets;
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
