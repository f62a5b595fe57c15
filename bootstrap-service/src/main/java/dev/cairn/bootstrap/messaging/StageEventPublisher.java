package dev.cairn.bootstrap.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.StageEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
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

    /** Thrown when an event was not acknowledged in time or was refused; some of the batch may have been sent. */
    public static final class PublishFailed extends RuntimeException {
        public PublishFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void publish(List<StageEvent> events, Duration timeout) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(events.size());
        try {
            for (StageEvent event : events) {
                acks.add(send(event));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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

    private CompletableFuture<Void> send(StageEvent event) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise stage event " + event.eventId(), e);
        }
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = Message.of(
                json,
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(event.key())
                        .build()),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return acked;
    }
}
