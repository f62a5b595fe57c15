package dev.cairn.planner.messaging;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offsets of {@code cairn.completions} now, for a freshness barrier: read with an admin client (thread-safe,
 * unlike the view's consumer), as the last stable offsets that a {@code read_committed} reader can reach.
 */
@Singleton
public class EndOffsets {

    private final KafkaSettings settings;
    private volatile Admin admin;

    public EndOffsets(KafkaSettings settings) {
        this.settings = settings;
    }

    public Map<TopicPartition, Long> latest(Collection<TopicPartition> partitions, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
        ListOffsetsOptions options =
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs((int) Math.max(1, timeout.toMillis()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
                admin().listOffsets(specs, options).all().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        infos.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** The id of {@code topic} (a topic deleted and created again under the same name has a new one). */
    public String topicId(String topic, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        return admin().describeTopics(java.util.List.of(topic))
                .allTopicNames()
                .get(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .get(topic)
                .topicId()
                .toString();
    }

    /** The offsets consumer group {@code group} has committed (partitions it never committed are absent). */
    public Map<TopicPartition, Long> committed(String group, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .forEach((tp, om) -> {
                    if (om != null) {
                        offsets.put(tp, om.offset());
                    }
                });
        return offsets;
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(settings.admin());
                }
                a = admin;
            }
        }
        return a;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
