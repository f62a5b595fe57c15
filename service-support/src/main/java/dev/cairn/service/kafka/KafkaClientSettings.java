package dev.cairn.service.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of a Kafka client a service builds itself (the ledger's producer, the planner's consumer and admin
 * client), taken from the application's {@code kafka.*} configuration (the {@code default-kafka-broker} map of the
 * Quarkus Kafka client extension: {@code kafka.bootstrap.servers}, env {@code KAFKA_BOOTSTRAP_SERVERS}, plus any
 * security settings). Each client gets exactly the keys it knows, so nothing meant for another client type (a
 * consumer's {@code group.id} for a producer) leaks in; the caller then sets what its code depends on.
 */
public final class KafkaClientSettings {

    private KafkaClientSettings() {}

    public static Map<String, Object> producer(Map<String, Object> kafka) {
        return only(kafka, ProducerConfig.configNames());
    }

    public static Map<String, Object> consumer(Map<String, Object> kafka) {
        return only(kafka, ConsumerConfig.configNames());
    }

    public static Map<String, Object> admin(Map<String, Object> kafka) {
        return only(kafka, AdminClientConfig.configNames());
    }

    /** Fails start-up with the setting's name when no broker is configured. */
    public static void requireBootstrapServers(Map<String, Object> kafka, String why) {
        Object servers = kafka.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (servers == null || servers.toString().isBlank()) {
            throw new IllegalStateException("kafka.bootstrap.servers is not set (env KAFKA_BOOTSTRAP_SERVERS): " + why);
        }
    }

    private static Map<String, Object> only(Map<String, Object> kafka, Set<String> names) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (names.contains(k)) {
                config.put(k, v);
            }
        });
        return config;
    }
}
