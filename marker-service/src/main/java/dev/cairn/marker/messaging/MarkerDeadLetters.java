package dev.cairn.marker.messaging;

import dev.cairn.contracts.Topics;
import dev.cairn.service.kafka.AckedEmitter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Sends a completion that can never get its marker (S3 refuses it for good, every folder name is taken, it cannot be
 * rendered) to {@code cairn.markers.dlq} (channel {@value #CHANNEL}): the original key, value, headers and timestamp
 * plus the {@code cairn-error-*} and {@code cairn-source-*} headers of the stage-event DLQ (docs/design.md §3). Counted in
 * {@code cairn.marker.dead.lettered{reason}}.
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

    MarkerDeadLetters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Completes when the broker acknowledged the copy. */
    public CompletableFuture<Void> publish(ConsumerRecord<String, String> record, String code, Throwable failure) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        String detail = String.valueOf(failure);
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
