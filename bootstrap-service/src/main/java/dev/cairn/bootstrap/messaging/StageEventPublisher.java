package dev.cairn.bootstrap.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.StageEvent;
import dev.cairn.service.kafka.AckedEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends stage events to {@code cairn.stage-events} (key {@code {pipeline}/{project}/{config_id}}) and waits until Kafka
 * has acknowledged every one of them ({@code acks=all}): callers move their checkpoints only after {@link #publish}
 * returns. Events of one key keep their order (one producer, idempotence on).
 */
@ApplicationScoped
public class StageEventPublisher {

    public static final String CHANNEL = "stage-events";

    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20_000)
    Emitter<String> emitter;

    private final ObjectMapper json;

    StageEventPublisher(ObjectMapper json) {
        this.json = json;
    }

    /** Thrown when an event was not acknowledged in time or was refused; some of the batch may have been sent. */
    public static final class PublishFailed extends RuntimeException {
        public PublishFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void publish(List<StageEvent> events, Duration timeout) {
        AckedEmitter<String> sender = new AckedEmitter<>(emitter);
        List<CompletableFuture<Void>> acks = new ArrayList<>(events.size());
        try {
            for (StageEvent event : events) {
                acks.add(sender.send(event.key(), serialise(event)));
            }
            AckedEmitter.awaitAll(acks, timeout);
        } catch (ExecutionException e) {
            throw new PublishFailed(
                    "Kafka refused a stage event: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailed(
                    "Kafka did not acknowledge " + events.size() + " stage events within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailed("interrupted while waiting for Kafka", e);
        } catch (RuntimeException e) {
            throw new PublishFailed("could not hand a stage event to Kafka: " + e.getMessage(), e);
        }
    }

    private String serialise(StageEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise stage event " + event.eventId(), e);
        }
    }
}
