package dev.cairn.marker.messaging;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.MarkerWritten;
import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.marker.metrics.SyncMetrics;
import dev.cairn.marker.notify.WebhookNotifier;
import dev.cairn.marker.service.MarkerFiles;
import dev.cairn.marker.service.MarkerRules;
import dev.cairn.marker.service.MarkerWriter;
import dev.cairn.marker.service.Retrier;
import dev.cairn.marker.service.S3Failures;
import dev.cairn.service.logging.EventLogContext;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code cairn.completions}: for each completion that is due a marker (or a failure marker), writes its
 * folder, then publishes MarkerWritten and waits for the broker's acknowledgement, then records the sync metrics
 * and queues the pipeline's webhook call (which never delays the next record). A completion that can never get its folder (a permanent
 * S3 failure, see {@code S3Failures}) goes to {@code cairn.markers.dlq} instead; one whose folder would be older than
 * the retention is skipped (the sweep would delete it, and a redelivery would write it again). Only then does the method return, the record count as
 * processed and its offset become committable (throttled commit: never past an unfinished record).
 *
 * <p>Records of different keys run concurrently on the {@value #WORKERS} threads; records of one key run one after the
 * other, in offset order ({@link KeyOrderedExecutor}). Each record is acknowledged once handled, so the throttled
 * commit never passes a record that is still queued or running.
 */
@ApplicationScoped
public class CompletionConsumer {

    public static final String CHANNEL = "completions";
    public static final String WORKERS = "marker-writers";
    /** A MarkerWritten not acknowledged within this time is sent again (consumers dedupe on event_id). */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    /** Records queued or running per writer thread: enough to keep every thread busy, bounded for the heap. */
    static final int QUEUED_PER_WORKER = 16;

    private static final Logger LOG = Logger.getLogger(CompletionConsumer.class);

    private final CompletionParser parser;
    private final MarkerRules rules;
    private final MarkerWriter writer;
    private final MarkerPublisher publisher;
    private final MarkerDeadLetters deadLetters;
    private final Retrier retrier;
    private final MarkerConfig config;
    private final SyncMetrics syncMetrics;
    private final WebhookNotifier notifier;
    private final KeyOrderedExecutor workers;

    CompletionConsumer(
            CompletionParser parser,
            MarkerRules rules,
            MarkerWriter writer,
            MarkerPublisher publisher,
            MarkerDeadLetters deadLetters,
            Retrier retrier,
            MarkerConfig config,
            SyncMetrics syncMetrics,
            WebhookNotifier notifier) {
        this.syncMetrics = syncMetrics;
        this.notifier = notifier;
        this.deadLetters = deadLetters;
        this.config = config;
        this.parser = parser;
        this.rules = rules;
        this.writer = writer;
        this.publisher = publisher;
        this.retrier = retrier;
        this.workers = new KeyOrderedExecutor(WORKERS, config.concurrency(), QUEUED_PER_WORKER * config.concurrency());
    }

    /**
     * Queues the record behind the earlier ones of its key; the answer completes once it has a place, which holds
     * back the channel while {@code QUEUED_PER_WORKER} records per thread are waiting.
     */
    @Incoming(CHANNEL)
    public CompletionStage<Void> receive(Message<String> message) {
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, String> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, String>) m.getRecord())
                .orElseThrow(() -> new IllegalStateException("a record without its Kafka metadata"));
        String key = record.key() != null ? record.key() : record.topic() + "-" + record.partition();
        return workers.submit(key, () -> consume(record), (v, failure) -> {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause == null) {
                message.ack();
            } else if (cause instanceof CancellationException || cause instanceof RejectedExecutionException) {
                // shutting down: neither acknowledged nor refused, so the record is delivered again after the restart
                LOG.debugf("left for redelivery: %s-%d@%d", record.topic(), record.partition(), record.offset());
            } else {
                message.nack(cause);
            }
        });
    }

    @PreDestroy
    void stop() {
        workers.close();
    }

    void consume(ConsumerRecord<String, String> record) {
        CompletionParser.Parsed parsed = parser.parse(record);
        if (parsed.unreadable()) {
            deadLetter(record, parsed.code(), parsed.problem());
            return;
        }
        if (parsed.completion().isEmpty()
                || !rules.writesFolder(parsed.completion().get())) {
            return;
        }
        CompletionRecorded completion = parsed.completion().get();
        try (EventLogContext log = EventLogContext.of(
                completion.eventId(),
                completion.change() == null ? null : completion.change().runId(),
                completion.pipeline(),
                completion.project())) {
            handle(record, completion);
        }
    }

    /** Writes the folder (a permanent S3 failure: to the DLQ instead), then announces it. */
    private void handle(ConsumerRecord<String, String> record, CompletionRecorded completion) {
        if (olderThanRetention(completion)) {
            LOG.infof(
                    "skipping %s (event %s): its folder would be older than the retention, which deletes it",
                    completion.key(), completion.eventId());
            return;
        }
        MarkerWritten written;
        try {
            written = retrier.untilDone("marker.write", completion.eventId(), () -> writer.write(completion));
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            deadLetter(record, S3Failures.code(e), String.valueOf(e));
            return;
        }
        untilAcked("kafka.publish", completion.eventId(), () -> publisher.publish(written));
        MarkerFiles.Summary summary = MarkerFiles.summary(completion);
        syncMetrics.record(completion.pipeline(), completion.project(), summary);
        notifier.announce(written, summary); // queued: never waits for the webhook
    }

    /** True when retention deletes folders and this completion's would be older than it (folder time, docs/design.md §5). */
    private boolean olderThanRetention(CompletionRecorded c) {
        MarkerConfig.Retention retention = config.retention();
        if (!retention.enabled() || retention.dryRun() || retention.days().isEmpty()) {
            return false;
        }
        Instant at = c.change().startedAt() != null
                ? c.change().startedAt()
                : c.change().occurredAt();
        return at.isBefore(Instant.now().minus(Duration.ofDays(retention.days().getAsInt())));
    }

    /**
     * Sends the record to {@code cairn.markers.dlq} until the broker acknowledges, unless the broker answers that the
     * topic is missing or denied: then the record is parked (logged in full, counted) so that its key goes on.
     */
    private void deadLetter(ConsumerRecord<String, String> record, String code, String detail) {
        String subject = record.topic() + "-" + record.partition() + "@" + record.offset();
        try {
            retrier.untilDone(
                    "kafka.dlq",
                    subject,
                    () -> deadLetters
                            .publish(record, code, detail)
                            .orTimeout(PUBLISH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                            .join(),
                    e -> !deadLetters.refusedByTopic());
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            deadLetters.park(record, code, detail, e);
        }
    }

    /** Sends until the broker acknowledges; every Kafka failure passes (broker down), so every one is retried. */
    private void untilAcked(String operation, String eventId, Supplier<CompletableFuture<Void>> send) {
        retrier.untilDone(
                operation,
                eventId,
                () -> send.get()
                        .orTimeout(PUBLISH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                        .join(),
                e -> true);
    }
}
