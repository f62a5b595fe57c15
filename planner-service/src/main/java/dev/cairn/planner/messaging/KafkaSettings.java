package dev.cairn.planner.messaging;

import dev.cairn.service.kafka.KafkaClientSettings;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Client settings for the view's consumer and admin client: the application's {@code kafka.*} configuration filtered
 * per client by {@link KafkaClientSettings}, plus what the view depends on. The consumer has no group: it is assigned
 * every partition and commits nothing.
 */
@Singleton
public class KafkaSettings {

    private final Map<String, Object> kafka;

    @Inject
    public KafkaSettings(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafka = new HashMap<>(kafkaConfig);
    }

    /** Fails start-up with the setting's name when no broker is configured. */
    public void requireBootstrapServers() {
        KafkaClientSettings.requireBootstrapServers(
                kafka, "the planner cannot read cairn.completions without a broker");
    }

    public Map<String, Object> consumer(int maxPollRecords) {
        Map<String, Object> config = KafkaClientSettings.consumer(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a position that fell out of range (segments deleted while the reader was failing) restarts from the
        // beginning: re-reading is harmless (older versions are ignored), skipping to the end would lose records
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "cairn-planner-view");
        config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        return config;
    }

    public Map<String, Object> admin() {
        Map<String, Object> config = KafkaClientSettings.admin(kafka);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "cairn-planner-offsets");
        return config;
    }
}
