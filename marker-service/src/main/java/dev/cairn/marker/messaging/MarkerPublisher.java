package dev.cairn.marker.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.MarkerWritten;
import dev.cairn.service.kafka.AckedEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes {@link MarkerWritten} on {@code cairn.markers} (channel {@value #CHANNEL}), keyed like the completion. */
@ApplicationScoped
public class MarkerPublisher {

    public static final String CHANNEL = "markers";

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) // bounded by the consumer: one in flight per worker
    Emitter<String> emitter;

    private final ObjectMapper json;

    MarkerPublisher(ObjectMapper json) {
        this.json = json;
    }

    /** Completes when the broker has acknowledged the record, exceptionally when it could not be sent. */
    public CompletableFuture<Void> publish(MarkerWritten marker) {
        try {
            return new AckedEmitter<>(emitter).send(marker.key(), json.writeValueAsString(marker));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
