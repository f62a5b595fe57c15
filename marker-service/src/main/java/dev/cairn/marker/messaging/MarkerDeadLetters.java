package dev.cairn.marker.messaging;

import dev.cairn.contracts.Topics;
import dev.cairn.service.kafka.AckedEmitter;
import dev.cairn.service.kafka.TopicProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends a completion that can never get its marker (S3 refuses it for good, every folder name is taken, it cannot be
 * rendered) to {@code cairn.markers.dlq} (channel {@value #CHANNEL}): the original key, value, headers and timestamp
 * plus the {@code cairn-error-*} and {@code cairn-source-*} headers of the stage-event DLQ (docs/design.md §3). Counted in
 * {@code cairn.marker.dead.lettered{reason}}. A record the broker refuses for good (the topic is missing or denied) is
 * parked in the log ({@link #park}) rather than blocking its key.
 */
@ApplicationScoped
public class MarkerDeadLetters {

    public static final String CHANNEL = "markers-dlq";
    private static final Logger LOG = Logger.getLogger(MarkerDeadLetters.class);
    private static final int MAX_DETAIL = 1000;

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) // bounded by the consumer: one in flight per worker
    Emitter<String> emitter;

    private final MeterRegistry registry;

    private final String topic;
    private final TopicProbe probe;

    MarkerDeadLetters(
            MeterRegistry registry,
            @ConfigProperty(name = "mp.messaging.outgoing.markers-dlq.topic") String topic,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.registry = registry;
        this.topic = topic;
        this.probe = new TopicProbe(kafka, Duration.ofSeconds(10));
    }

    /** Completes when the broker acknowledged the copy. */
    public CompletableFuture<Void> publish(ConsumerRecord<String, String> record, String code, String why) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        String detail = String.valueOf(why);
        detail = detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "…";
        headers.add(Topics.HEADER_ERROR_CODE, bytes(code));
        headers.add(Topics.HEADER_ERROR_DETAIL, bytes(detail));
        headers.add(Topics.HEADER_SOURCE_TOPIC, bytes(record.topic()));
        headers.add(Topics.HEADER_SOURCE_PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(Topics.HEADER_SOURCE_OFFSET, bytes(Long.toString(record.offset())));
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key())
                .withHeaders(headers)
                .withTimestamp(record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null)
                .build();
        LOG.errorf(
                "dead-lettered %s-%d@%d (key %s): %s (%s)",
                record.topic(), record.partition(), record.offset(), record.key(), code, detail);
        return new AckedEmitter<>(emitter)
                .send(metadata, record.value())
                .thenRun(() -> Counter.builder("cairn.marker.dead.lettered")
                        .description("Completions sent to cairn.markers.dlq: they can never get a marker")
                        .tag("reason", code)
                        .register(registry)
                        .increment());
    }

    /** True when the broker answers that {@code cairn.markers.dlq} is missing or denied: no retry would help. */
    public boolean refusedByTopic() {
        TopicProbe.State state = probe.probe(topic);
        if (state.refused()) {
            LOG.errorf("the DLQ topic %s is %s", topic, state.name().toLowerCase(Locale.ROOT));
        }
        return state.refused();
    }

    /**
     * Keeps a record the DLQ refuses in the log (the marker service has no database): one ERROR line with its position,
     * key, reason and value, counted in {@code cairn.marker.parked{reason}}, so that its key and partition go on.
     */
    public void park(ConsumerRecord<String, String> record, String code, String why, Throwable refusal) {
        LOG.errorf(
                "parked %s-%d@%d (key %s, reason %s: %s): %s refused it (%s); value: %s",
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                code,
                why,
                topic,
                refusal,
                record.value());
        Counter.builder("cairn.marker.parked")
                .description("Records cairn.markers.dlq refused (topic missing or denied), kept in the log instead")
                .tag("reason", code)
                .register(registry)
                .increment();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
