package dev.cairn.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * After a broker restart the ledger's consumers ask for the broker again within a second: SmallRye gives the consumers
 * of its channels a reconnect backoff of up to 10 s unless {@code reconnect.backoff.max.ms} is configured, which
 * added up to 10 s to the ledger's recovery in {@code ./run-faults kafka-kill9-*}. Read off the consumers as built.
 */
@QuarkusTest
class KafkaReconnectTest {

    @Inject
    KafkaClientService clients;

    @Test
    void everyChannelConsumerRetriesALostBrokerAtMostOneSecondApart() {
        assertThat(clients.getConsumerChannels()).contains("stage-events", "item-events");
        for (String channel : clients.getConsumerChannels()) {
            Object backoff = clients.getConsumer(channel).configuration().get("reconnect.backoff.max.ms");
            assertThat(Long.parseLong(String.valueOf(backoff)))
                    .as("reconnect.backoff.max.ms of the consumer of channel %s", channel)
                    .isLessThanOrEqualTo(1000L);
        }
    }
}
