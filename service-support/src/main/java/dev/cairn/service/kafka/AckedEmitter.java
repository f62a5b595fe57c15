package dev.cairn.service.kafka;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Sends keyed records through a SmallRye Kafka {@link Emitter} and tells when the broker has acknowledged them (with
 * the channel's {@code acks}, {@code all} in Cairn): what a service needs before it moves a checkpoint or commits an
 * offset. The one way Cairn's services publish through an emitter.
 */
public final class AckedEmitter<T> {

    private final Emitter<T> emitter;

    public AckedEmitter(Emitter<T> emitter) {
        this.emitter = emitter;
    }

    /** Completes when the broker acknowledged the record, exceptionally when it could not be sent. */
    public CompletableFuture<Void> send(String key, T value) {
        return send(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build(), value);
    }

    /** Like {@link #send(String, Object)}, with the record's key, headers and timestamp in {@code kafka}. */
    public CompletableFuture<Void> send(OutgoingKafkaRecordMetadata<String> kafka, T value) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Metadata metadata = Metadata.of(kafka);
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

    /** Waits until every one of {@code acks} completed, at most {@code timeout}. */
    public static void awaitAll(List<CompletableFuture<Void>> acks, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
