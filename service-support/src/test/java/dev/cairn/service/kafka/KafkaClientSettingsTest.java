package dev.cairn.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    private static final Map<String, Object> KAFKA = Map.of(
            "bootstrap.servers", "127.0.0.1:9092",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "PLAIN",
            "group.id", "someone-elses-group",
            "acks", "1",
            "health-enabled", "true");

    @Test
    void eachClientGetsOnlyTheKeysItKnows() {
        assertThat(KafkaClientSettings.producer(KAFKA))
                .containsOnlyKeys("bootstrap.servers", "security.protocol", "sasl.mechanism", "acks");
        assertThat(KafkaClientSettings.consumer(KAFKA))
                .containsOnlyKeys("bootstrap.servers", "security.protocol", "sasl.mechanism", "group.id");
        assertThat(KafkaClientSettings.admin(KAFKA))
                .containsOnlyKeys("bootstrap.servers", "security.protocol", "sasl.mechanism");
    }

    @Test
    void aMissingBrokerStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> KafkaClientSettings.requireBootstrapServers(Map.of(), "the view needs one"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kafka.bootstrap.servers")
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS")
                .hasMessageContaining("the view needs one");
    }
}
