package dev.cairn.marker.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.MarkerWritten;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes {@link MarkerWritten} on {@code cairn.markers} (channel {@value #CHANNEL}), keyed like the completion. */
@ApplicationScoped
public class MarkerPublisher {

    public static final String CHANNEL = "markers";

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) // bounded by the consumer: one in flight per worker
    Emitter<String> emitter;

    /** Completes when the broker has acknowledged the record, exceptionally when it could not be sent. */
    public CompletableFuture<Void> publish(MarkerWritten marker) {
        String value;
        try {
            value = Json.mapper().writeValueAsString(marker);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Metadata metadata = Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(marker.key())
                .build());
        emitter.send(Message.of(
                value,
                metadata,
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }
}
