package dev.cairn.marker.messaging;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.MarkerWritten;
import dev.cairn.marker.service.MarkerRules;
import dev.cairn.marker.service.MarkerWriter;
import dev.cairn.marker.service.Retrier;
import dev.cairn.service.logging.EventLogContext;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code cairn.completions}: for each completion that is due a marker, writes its folder, then publishes
 * MarkerWritten and waits for the broker's acknowledgement. Only then does the method return, the record count as
 * processed and its offset become committable (throttled commit: never past an unfinished record).
 *
 * <p>Records of different keys run concurrently on the {@value #WORKERS} pool; records of one key run one after the
 * other ({@code mp.messaging.incoming.completions.ordered=key}, SmallRye's key-ordered processing).
 */
@ApplicationScoped
public class CompletionConsumer {

    public static final String CHANNEL = "completions";
    public static final String WORKERS = "marker-writers";
    /** A MarkerWritten not acknowledged within this time is sent again (consumers dedupe on event_id). */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    private final CompletionParser parser;
    private final MarkerRules rules;
    private final MarkerWriter writer;
    private final MarkerPublisher publisher;
    private final Retrier retrier;

    CompletionConsumer(
            CompletionParser parser,
            MarkerRules rules,
            MarkerWriter writer,
            MarkerPublisher publisher,
            Retrier retrier) {
        this.parser = parser;
        this.rules = rules;
        this.writer = writer;
        this.publisher = publisher;
        this.retrier = retrier;
    }

    @Incoming(CHANNEL)
    @Blocking(value = WORKERS, ordered = false)
    public void consume(ConsumerRecord<String, String> record) {
        Optional<CompletionRecorded> parsed = parser.parse(record);
        if (parsed.isEmpty() || !rules.isMarkerDue(parsed.get())) {
            return;
        }
        CompletionRecorded completion = parsed.get();
        try (EventLogContext log = EventLogContext.of(
                completion.eventId(),
                completion.change() == null ? null : completion.change().runId(),
                completion.pipeline(),
                completion.project())) {
            MarkerWritten written =
                    retrier.untilDone("marker.write", completion.eventId(), () -> writer.write(completion));
            retrier.untilDone(
                    "kafka.publish",
                    completion.eventId(),
                    () -> publisher
                            .publish(written)
                            .orTimeout(PUBLISH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                            .join());
        }
    }
}
