package dev.cairn.ledger.messaging;

import dev.cairn.contracts.RejectReason;
import dev.cairn.contracts.StageEvent;
import dev.cairn.contracts.StageEventValidator;
import dev.cairn.ledger.metrics.LedgerMetrics;
import dev.cairn.ledger.service.LedgerService;
import dev.cairn.ledger.service.LedgerService.Submission;
import dev.cairn.ledger.service.Outcome;
import dev.cairn.service.logging.EventLogContext;
import io.agroal.api.AgroalDataSource;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code cairn.stage-events} in batches. Each batch: validate every record, apply the valid ones in one
 * transaction, dead-letter what can never be applied, then return (the offsets are committed only after that).
 * Several batches are applied at once ({@code cairn.ledger.apply-concurrency}), so that PostgreSQL works on one while
 * this JVM prepares the next: safe because the state does not depend on arrival order, duplicates meet on the
 * {@code event_id} unique index, rows are locked in key order, and the throttled commit never commits past a batch
 * still in flight.
 * Once a batch is settled, {@link AppliedOffsets} learns its offsets: the freshness barrier waits on that. While a
 * barrier waits, the records of a batch below its offsets are applied first, in a transaction of their own
 * ({@link #parts}): a crash between the two redelivers the batch, and the first part's events are then duplicates.
 * A failure of the database (down, read-only, denied, timed out) is retried with backoff without skipping anything
 * ({@link Retries}; readiness says why meanwhile); a batch that hits a data error is split so that only the offending
 * event is dead-lettered ({@code unprocessable}).
 */
@ApplicationScoped
public class StageEventConsumer {

    public static final String CHANNEL = "stage-events";
    private static final Logger LOG = Logger.getLogger(StageEventConsumer.class);
    /** Fewest records worth a transaction of their own after the part a barrier waits for (see {@link #parts}). */
    static final int MIN_SPLIT = 100;

    private final StageEventValidator validator = new StageEventValidator();
    private final LedgerService ledger;
    private final DeadLetterPublisher deadLetters;
    private final LedgerMetrics metrics;
    private final AgroalDataSource dataSource;
    private final Retries retries;
    private final AppliedOffsets appliedOffsets;

    StageEventConsumer(
            LedgerService ledger,
            DeadLetterPublisher deadLetters,
            LedgerMetrics metrics,
            AgroalDataSource dataSource,
            Retries retries,
            AppliedOffsets appliedOffsets) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.dataSource = dataSource;
        this.retries = retries;
        this.appliedOffsets = appliedOffsets;
    }

    @Incoming(CHANNEL)
    @Blocking(value = "ledger-apply", ordered = false)
    public void consume(ConsumerRecords<String, byte[]> records) throws Exception {
        for (List<ConsumerRecord<String, byte[]>> part : parts(records, appliedOffsets.wanted(), MIN_SPLIT)) {
            apply(part);
            appliedOffsets.finished(part); // the freshness barrier's wake-up (AppliedOffsets)
        }
    }

    /**
     * The batch in the order its parts are applied, one transaction each: the records below {@code wanted} (what
     * waiting barriers wait for, {@link AppliedOffsets#wanted()}), then the others; or the whole batch as one part
     * when no barrier waits for a record of it, or when fewer than {@code minSplit} records would come after (another
     * transaction would cost more than applying them). Within a partition the first part is a run of offsets from the
     * batch's first, so the outbox keeps each partition's order.
     */
    static <K, V> List<List<ConsumerRecord<K, V>>> parts(
            ConsumerRecords<K, V> records, Map<TopicPartition, Long> wanted, int minSplit) {
        List<ConsumerRecord<K, V>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        if (wanted.isEmpty()) {
            return List.of(all);
        }
        List<ConsumerRecord<K, V>> first = new ArrayList<>();
        List<ConsumerRecord<K, V>> then = new ArrayList<>();
        for (ConsumerRecord<K, V> r : all) {
            Long end = wanted.get(new TopicPartition(r.topic(), r.partition()));
            (end != null && r.offset() < end ? first : then).add(r);
        }
        return first.isEmpty() || then.size() < minSplit ? List.of(all) : List.of(first, then);
    }

    /** Validates {@code records}, applies the valid ones in one transaction and dead-letters the others. */
    private void apply(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        List<Submission> valid = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> validRecords = new ArrayList<>(records.size());
        List<Rejection> rejections = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            StageEventValidator.Result result = validator.validate(r.value());
            if (result.valid()) {
                valid.add(
                        new Submission(result.event(), "kafka:" + r.topic() + "/" + r.partition() + "@" + r.offset()));
                validRecords.add(r);
            } else {
                rejections.add(new Rejection(r, result.reason(), result.detail()));
            }
        }
        settle(valid, validRecords, rejections, records.size());
    }

    /**
     * Applies {@code valid} (from {@code validRecords}, index for index) in one transaction, retrying the database,
     * then dead-letters {@code rejections} plus the events the ledger refused, and counts {@code count} records as
     * consumed. The end of every batch of stage events, and of {@code cairn.openlineage} ({@link OpenLineageConsumer}).
     */
    void settle(
            List<Submission> valid,
            List<ConsumerRecord<String, byte[]>> validRecords,
            List<Rejection> rejections,
            int count)
            throws Exception {
        List<Outcome> outcomes = metrics.applyTimer().recordCallable(() -> applyWithRetry(valid));
        int applied = 0;
        int duplicates = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            switch (o.status()) {
                case APPLIED -> applied++;
                case DUPLICATE -> duplicates++;
                case REJECTED -> rejections.add(new Rejection(validRecords.get(i), o.reason(), o.detail(), o.event()));
            }
            if (LOG.isDebugEnabled() && !o.rejected()) {
                try (EventLogContext log = eventContext(o.event())) {
                    LOG.debugf(
                            "event %s %s",
                            o.event().eventId(), o.status().name().toLowerCase());
                }
            }
        }
        metrics.applied(applied);
        metrics.duplicates(duplicates);
        publishWithRetry(rejections);
        metrics.consumed(count); // counted once the whole batch is handled (applied, duplicate or dead-lettered)
    }

    /** The event's fields in the logging MDC while a line about it is logged. */
    static EventLogContext eventContext(StageEvent e) {
        return EventLogContext.of(e.eventId(), e.runId(), e.pipeline(), e.project());
    }

    /**
     * Applies {@code items}, retrying every failure of the database; a data error (docs/design.md §4: SQLState 22/23) splits
     * a batch, and only an event that fails alone with one while the database answers is refused.
     */
    private List<Outcome> applyWithRetry(List<Submission> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        try {
            return retries.untilDone(
                    "applying " + items.size() + " event(s)",
                    () -> ledger.apply(items, false),
                    e -> !Failures.isDataError(e) || (items.size() == 1 && !databaseReachable()));
        } catch (RuntimeException e) {
            if (!Failures.isDataError(e)) {
                throw e; // shutting down: the batch is redelivered
            }
            if (items.size() > 1) {
                LOG.warnf(
                        "a batch of %d events hit a data error (%s); applying them one by one",
                        items.size(), Failures.describe(e));
                List<Outcome> outcomes = new ArrayList<>(items.size());
                for (Submission item : items) {
                    outcomes.addAll(applyWithRetry(List.of(item)));
                }
                return outcomes;
            }
            try (EventLogContext log = eventContext(items.get(0).event())) {
                LOG.errorf(e, "event %s cannot be applied", items.get(0).event().eventId());
            }
            return List.of(new Outcome(
                    items.get(0).event(),
                    Outcome.Status.REJECTED,
                    RejectReason.UNPROCESSABLE,
                    "the ledger could not store this event: " + Failures.describe(e)));
        }
    }

    private void publishWithRetry(List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        retries.untilDone(
                "publishing " + rejections.size() + " record(s) to the DLQ",
                () -> {
                    deadLetters.publish(rejections);
                    return null;
                },
                e -> true);
    }

    private boolean databaseReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
