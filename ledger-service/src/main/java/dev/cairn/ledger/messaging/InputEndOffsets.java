package dev.cairn.ledger.messaging;

import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.service.kafka.KafkaClientSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The end offsets of {@code cairn.stage-events} for the freshness barrier's first step, read by one long-lived
 * consumer (no group; the topic's partitions assigned but never polled) on its own thread and shared by the barriers
 * waiting at the time.
 *
 * <p>A read serves every barrier that asked before it began, and only those: a barrier asking while a read runs waits
 * for the next one. Each read sends ListOffsets for the partitions known so far straight to their leaders (the
 * consumer keeps their metadata: one round trip, where the admin client's describe, then metadata, then ListOffsets
 * took three) and, at the same time, lists the topic's partitions; a partition the listing adds is read after it. So
 * every record the broker acknowledged before a barrier asked, also on a partition added since, is below its answer.
 */
@ApplicationScoped
public class InputEndOffsets {

    /** Bound of one read on the reader's thread; a barrier waits at most its own wait. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final String topic;
    private final KafkaOffsets kafka;
    private final KafkaConsumer<byte[], byte[]> consumer; // used by the reader thread only
    private final Object lock = new Object();
    private List<CompletableFuture<Map<TopicPartition, Long>>> asking = new ArrayList<>(); // guarded by lock
    private boolean running = true; // guarded by lock
    private Set<TopicPartition> known = Set.of(); // reader thread only
    private final Thread reader;

    @Inject
    InputEndOffsets(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            LedgerConfig config,
            KafkaOffsets kafka) {
        this(kafkaConfig, config.stageEventsTopic(), kafka);
    }

    InputEndOffsets(Map<String, Object> kafkaConfig, String topic, KafkaOffsets kafka) {
        this.topic = topic;
        this.kafka = kafka;
        Map<String, Object> config = new HashMap<>(KafkaClientSettings.consumer(new HashMap<>(kafkaConfig)));
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_UNCOMMITTED.toString());
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "cairn-ledger-barrier-input");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::run, "cairn-barrier-input-offsets");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The end offset (high watermark) of every partition of the input topic, read after this call began; empty when
     * the topic does not exist.
     */
    public Map<TopicPartition, Long> endOffsets(Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        CompletableFuture<Map<TopicPartition, Long>> answer = new CompletableFuture<>();
        synchronized (lock) {
            if (!running) {
                throw new ExecutionException(new IllegalStateException("the ledger is shutting down"));
            }
            asking.add(answer);
            lock.notifyAll();
        }
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            answer.cancel(false); // on timeout: the reader skips it
        }
    }

    private void run() {
        try {
            while (true) {
                List<CompletableFuture<Map<TopicPartition, Long>>> batch;
                synchronized (lock) {
                    while (running && asking.isEmpty()) {
                        lock.wait();
                    }
                    if (!running) {
                        asking.forEach(a -> a.completeExceptionally(new IllegalStateException("shutting down")));
                        return;
                    }
                    batch = asking;
                    asking = new ArrayList<>();
                }
                try {
                    Map<TopicPartition, Long> offsets = Map.copyOf(read());
                    batch.forEach(a -> a.complete(offsets));
                } catch (Exception e) {
                    batch.forEach(a -> a.completeExceptionally(e));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** One read: ListOffsets for the known partitions while the topic is listed, then for any partition added. */
    private Map<TopicPartition, Long> read() throws Exception {
        CompletableFuture<Set<TopicPartition>> listed = kafka.partitions(topic);
        Map<TopicPartition, Long> offsets =
                known.isEmpty() ? new HashMap<>() : new HashMap<>(consumer.endOffsets(known, READ_TIMEOUT));
        Set<TopicPartition> now = listed.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!now.equals(known)) {
            // assigned, never polled (nothing is fetched): kafka-clients logs a WARN for every partition of a
            // ListOffsets answer that its consumer has not assigned, which was one line per partition per barrier
            consumer.assign(now);
            known = Set.copyOf(now);
        }
        Set<TopicPartition> added = new HashSet<>(now);
        added.removeAll(offsets.keySet());
        if (!added.isEmpty()) {
            offsets.putAll(consumer.endOffsets(added, READ_TIMEOUT));
        }
        offsets.keySet().retainAll(now);
        return offsets;
    }

    @PreDestroy
    void close() throws InterruptedException {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
        consumer.wakeup();
        reader.join(10_000);
    }
}
