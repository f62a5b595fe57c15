package dev.cairn.cli.client;

import dev.cairn.cli.CliException;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Follows one key of {@code cairn.completions} from "now": it reads only the partition the key lives in (Kafka's
 * default partitioner, as the ledger's producer uses), from the end offset it sees when it is created, without a
 * consumer group. Create it before reading the current state elsewhere, so no change between the two is missed.
 */
public final class CompletionsFollower implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String key;

    public CompletionsFollower(String bootstrap, String topic, String key, Duration timeout) {
        this.key = key;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "cairn-cli-wait");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        try {
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw CliException.usage("--kafka-bootstrap-servers", "'" + bootstrap + "': " + e.getMessage());
        }
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw CliException.failed("topic " + topic + " does not exist on " + bootstrap);
            }
            int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions.size();
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp, timeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            consumer.close();
            throw CliException.unreachable("Kafka at " + bootstrap + " did not answer within " + timeout, e);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** The changes of the key that arrive within {@code timeout}, oldest first. */
    public List<CompletionRecorded> poll(Duration timeout) {
        List<CompletionRecorded> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            if (key.equals(r.key()) && r.value() != null) {
                try {
                    out.add(Json.mapper().readValue(r.value(), CompletionRecorded.class));
                } catch (IOException e) {
                    // not ours to judge: the ledger writes this topic; skip what cannot be read
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
