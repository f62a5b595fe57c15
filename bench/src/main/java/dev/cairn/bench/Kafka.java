package dev.cairn.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Bulk producing and a few admin calls for the benchmark set-up (not measured). */
final class Kafka {

    private Kafka() {}

    /** Produces every item, keyed and valued by the functions, and waits for the broker; returns records per second. */
    static <T> double produce(
            String bootstrap, String topic, List<T> items, Function<T, String> key, Function<T, byte[]> value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (T item : items) {
                producer.send(new ProducerRecord<>(topic, key.apply(item), value.apply(item)));
            }
            producer.flush();
        }
        return items.size() / ((System.nanoTime() - t0) / 1e9);
    }

    static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    /** Sum of the end offsets of every partition of {@code topic}. */
    static long endOffsets(String bootstrap, String topic) {
        try (Admin admin = admin(bootstrap)) {
            List<TopicPartition> parts =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .map(pi -> new TopicPartition(topic, pi.partition()))
                            .toList();
            return admin
                    .listOffsets(parts.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all()
                    .get()
                    .values()
                    .stream()
                    .mapToLong(r -> r.offset())
                    .sum();
        } catch (Exception e) {
            throw new IllegalStateException("end offsets of " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Moves {@code group} back to the start of {@code topic} (the group must have no member). */
    static void rewind(String bootstrap, String group, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> zero =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .collect(Collectors.toMap(
                                    pi -> new TopicPartition(topic, pi.partition()), pi -> new OffsetAndMetadata(0)));
            BenchContext.await(
                    "group " + group + " to be empty", Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
                        try {
                            admin.alterConsumerGroupOffsets(group, zero).all().get();
                            return true;
                        } catch (Exception e) {
                            return false;
                        }
                    });
        }
    }
}
