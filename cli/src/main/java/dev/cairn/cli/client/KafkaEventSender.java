package dev.cairn.cli.client;

import dev.cairn.cli.CliException;
import dev.cairn.cli.ExitCodes;
import dev.cairn.cli.config.Durations;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes one stage event to Kafka and waits until every in-sync replica has it ({@code acks=all}, idempotent). */
public final class KafkaEventSender implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String bootstrap;
    private final Duration retryFor;

    public KafkaEventSender(String bootstrap, Duration retryFor) {
        this.bootstrap = bootstrap;
        this.retryFor = retryFor;
        long request = Math.min(30_000, Math.max(1_000, retryFor.toMillis()));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "cairn-cli");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(request));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(retryFor.toMillis(), request)));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(retryFor.toMillis()));
        try {
            this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw CliException.usage("--kafka-bootstrap-servers", "'" + bootstrap + "': " + e.getMessage());
        }
    }

    public RecordMetadata send(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (ExecutionException e) {
            throw failure(topic, e.getCause());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw failure(topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.UNREACHABLE, "interrupted while sending to Kafka");
        }
    }

    private CliException failure(String topic, Throwable cause) {
        if (cause instanceof RetriableException) {
            return CliException.unreachable(
                    "Kafka at " + bootstrap + " did not acknowledge the event on " + topic + " within "
                            + Durations.format(retryFor) + " (--retry-for): " + cause.getMessage(),
                    cause);
        }
        return CliException.failed("Kafka refused the event on " + topic + ": " + cause);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
