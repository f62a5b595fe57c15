package dev.cairn.planner.messaging;

import com.fasterxml.jackson.core.JsonFactory;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.planner.store.ViewUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * One Kafka consumer over every partition of {@code cairn.completions}: assigned (no consumer group, no commits),
 * read from the beginning the first time, and from the positions already reached after a failure. Each
 * {@link #pollOnce} applies one batch to the view and then publishes the new positions to {@link ViewProgress}.
 * Driven by {@link CompletionsReader}'s thread (and step by step by a test).
 */
public final class CompletionTopicFollower implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompletionTopicFollower.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final CompletionView view;
    private final ViewProgress progress;
    private final CompletionDecoder decoder;
    private final ViewSnapshots snapshots;
    private List<TopicPartition> partitions = List.of();
    private long disconnectedSince;

    static final long UNREACHABLE_AFTER_MS = 3000;

    public CompletionTopicFollower(
            Map<String, Object> consumerConfig,
            String topic,
            CompletionView view,
            ViewProgress progress,
            JsonFactory json) {
        this(consumerConfig, topic, view, progress, json, null);
    }

    /** As above; the first {@link #open} restores the view from {@code snapshots} when one fits (null: none). */
    public CompletionTopicFollower(
            Map<String, Object> consumerConfig,
            String topic,
            CompletionView view,
            ViewProgress progress,
            JsonFactory json,
            ViewSnapshots snapshots) {
        this.snapshots = snapshots;
        this.decoder = new CompletionDecoder(json);
        this.consumer = new KafkaConsumer<>(
                consumerConfig,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        this.topic = topic;
        this.view = view;
        this.progress = progress;
    }

    /** Assigns the topic's partitions and seeks; false when the topic does not exist. */
    public boolean open(Duration timeout) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (UnknownTopicOrPartitionException e) {
            return false;
        }
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        partitions = infos.stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> reached = progress.positions();
        if (progress.startTargets() == null) {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            ViewSnapshots.Restored restored = snapshots == null
                    ? new ViewSnapshots.Restored(null, null)
                    : snapshots.restore(consumer.beginningOffsets(partitions, timeout), end, timeout);
            if (restored.positions() == null) {
                consumer.seekToBeginning(partitions);
            } else {
                restored.positions().forEach(consumer::seek);
            }
            progress.started(end, positions());
            if (restored.positions() == null) {
                LOG.infof(
                        "reading %s from the beginning: %d records up to the end offsets at start%s",
                        topic, progress.behind(end), restored.reason() == null ? "" : " (" + restored.reason() + ")");
            }
        } else {
            for (TopicPartition tp : partitions) {
                Long at = reached.get(tp);
                if (at == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, at);
                }
            }
            LOG.infof("reading %s again from the positions reached %s", topic, reached);
        }
        return true;
    }

    /**
     * Polls once, applies the batch, publishes the positions; returns the number of records polled. A poll without
     * any connection to a broker for longer than {@value #UNREACHABLE_AFTER_MS} ms reports a failure instead (the
     * client keeps reconnecting by itself; readiness is DOWN until it has a connection again).
     */
    public int pollOnce(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        if (records.isEmpty() && !connected()) {
            long now = System.nanoTime();
            if (disconnectedSince == 0) {
                disconnectedSince = now;
            } else if (now - disconnectedSince > UNREACHABLE_AFTER_MS * 1_000_000L) {
                progress.failed(
                        "no connection to any Kafka broker for " + (now - disconnectedSince) / 1_000_000_000L + " s");
            }
            return 0;
        }
        disconnectedSince = 0;
        if (!records.isEmpty()) {
            List<ViewUpdate> updates = new ArrayList<>(records.count());
            for (ConsumerRecord<byte[], byte[]> r : records) {
                try {
                    updates.add(decoder.decode(r.key(), r.value()));
                } catch (CompletionDecoder.InvalidRecord e) {
                    progress.invalid.increment();
                    LOG.warnf("skipping %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
                }
            }
            CompletionView.Applied applied = view.apply(updates);
            progress.applied.add(applied.applied());
            progress.stale.add(applied.stale());
            progress.removed.add(applied.removed());
            progress.invalid.add(applied.refused());
        }
        long lag = 0;
        for (TopicPartition tp : partitions) {
            OptionalLong l = consumer.currentLag(tp);
            lag += l.orElse(0);
        }
        progress.advanced(positions(), lag);
        return records.count();
    }

    /** Whether the client holds a connection to a broker (its {@code connection-count} metric). */
    private boolean connected() {
        for (Map.Entry<MetricName, ? extends Metric> m : consumer.metrics().entrySet()) {
            if ("connection-count".equals(m.getKey().name())
                    && "consumer-metrics".equals(m.getKey().group())
                    && m.getValue().metricValue() instanceof Number n) {
                return n.doubleValue() > 0;
            }
        }
        return true;
    }

    /** Makes a blocked {@link #pollOnce} or {@link #open} return (from another thread). */
    public void wakeup() {
        consumer.wakeup();
    }

    private Map<TopicPartition, Long> positions() {
        Map<TopicPartition, Long> at = new HashMap<>();
        for (TopicPartition tp : partitions) {
            at.put(tp, consumer.position(tp));
        }
        return at;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
