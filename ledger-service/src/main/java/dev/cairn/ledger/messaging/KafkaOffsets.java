package dev.cairn.ledger.messaging;

import dev.cairn.service.kafka.KafkaClientSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Offsets the freshness barrier reads, through one admin client (thread-safe): the end offsets of a topic and the
 * offsets a consumer group has committed. A topic that does not exist yet has no partitions (an empty map).
 */
@ApplicationScoped
public class KafkaOffsets {

    private final Admin admin;
    /** Per topic, the partitions its last listing gave: their end offsets are read while the next listing runs. */
    private final Map<String, Set<TopicPartition>> partitions = new ConcurrentHashMap<>();

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

    /** The offsets {@code group} has committed, per partition (a partition it never committed is absent). */
    public Map<TopicPartition, Long> committed(String group, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        return readCommitted(group, timeout);
    }

    /**
     * Lists the topic's partitions and reads the end offsets of the partitions listed last time at once (one round
     * trip instead of two one after the other); a partition the listing adds (the topic grew, or the first call) is
     * read after it. Both reads begin after this call did, and partitions are never removed, so every partition that
     * held a record acknowledged before the call is read, and read after the call began.
     */
    private Map<TopicPartition, Long> readEndOffsets(String topic, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<TopicPartition> known = partitions.getOrDefault(topic, Set.of());
        KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> early = known.isEmpty() ? null : listLatest(known);
        Set<TopicPartition> listed;
        try {
            listed = admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Map.of();
            }
            throw e;
        }
        partitions.put(topic, listed);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (early != null) {
            early.get(left(deadline), TimeUnit.NANOSECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        }
        Set<TopicPartition> missing = new HashSet<>(listed);
        missing.removeAll(offsets.keySet());
        if (!missing.isEmpty()) {
            listLatest(missing)
                    .get(left(deadline), TimeUnit.NANOSECONDS)
                    .forEach((tp, info) -> offsets.put(tp, info.offset()));
        }
        offsets.keySet().retainAll(listed);
        return offsets;
    }

    private KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> listLatest(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
        return admin.listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .all();
    }

    private static long left(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
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
