package dev.cairn.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * A narrow test of the ack bookkeeping against a recording emitter; the services' Kafka tests (marker, bootstrap)
 * show the same sends reaching a real broker.
 */
class AckedEmitterTest {

    /** Keeps what was sent, so the test can acknowledge or refuse it like the connector would. */
    static final class RecordingEmitter implements Emitter<String> {
        final List<Message<String>> sent = new ArrayList<>();

        @Override
        public <M extends Message<? extends String>> void send(M message) {
            @SuppressWarnings("unchecked")
            Message<String> m = (Message<String>) message;
            sent.add(m);
        }

        @Override
        public CompletionStage<Void> send(String payload) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {}

        @Override
        public void error(Exception e) {}

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }

    @Test
    void theFutureCompletesOnTheBrokersAckAndCarriesTheKey() {
        RecordingEmitter emitter = new RecordingEmitter();
        CompletableFuture<Void> acked = new AckedEmitter<>(emitter).send("p/m/default", "{}");
        assertThat(acked).isNotDone();
        Message<String> sent = emitter.sent.get(0);
        assertThat(sent.getPayload()).isEqualTo("{}");
        assertThat(sent.getMetadata(OutgoingKafkaRecordMetadata.class)
                        .orElseThrow()
                        .getKey())
                .isEqualTo("p/m/default");
        sent.ack();
        assertThat(acked).isCompleted();
    }

    @Test
    void aRefusalFailsTheFutureWithItsCause() {
        RecordingEmitter emitter = new RecordingEmitter();
        CompletableFuture<Void> acked = new AckedEmitter<>(emitter).send("k", "v");
        emitter.sent.get(0).nack(new IllegalStateException("broker said no"));
        assertThat(acked).isCompletedExceptionally();
        assertThatThrownBy(acked::join).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void awaitAllWaitsForEveryAckAndNoLonger() throws Exception {
        RecordingEmitter emitter = new RecordingEmitter();
        AckedEmitter<String> sender = new AckedEmitter<>(emitter);
        List<CompletableFuture<Void>> acks = List.of(sender.send("a", "1"), sender.send("b", "2"));
        emitter.sent.get(0).ack();
        assertThatThrownBy(() -> AckedEmitter.awaitAll(acks, Duration.ofMillis(50)))
                .isInstanceOf(TimeoutException.class);
        emitter.sent.get(1).ack();
        AckedEmitter.awaitAll(acks, Duration.ofSeconds(1));
        CompletableFuture<Void> refused = sender.send("c", "3");
        emitter.sent.get(2).nack(new IllegalStateException("no"));
        assertThatThrownBy(() -> AckedEmitter.awaitAll(List.of(refused), Duration.ofSeconds(1)))
                .isInstanceOf(ExecutionException.class);
    }
}
