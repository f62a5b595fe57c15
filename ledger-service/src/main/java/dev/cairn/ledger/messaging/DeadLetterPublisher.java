package dev.cairn.ledger.messaging;

import dev.cairn.contracts.Topics;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.metrics.LedgerMetrics;
import dev.cairn.ledger.store.ParkedStore;
import dev.cairn.ledger.store.ParkedStore.Kind;
import dev.cairn.ledger.store.ParkedStore.Parked;
import dev.cairn.service.kafka.TopicProbe;
import dev.cairn.service.logging.EventLogContext;
import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Sends refused records to the DLQ with the original key, bytes, headers and timestamp plus the headers of docs/design.md §3,
 * and waits for the broker's acknowledgement: the source offset is committed only after its DLQ copy is durable.
 * A copy the broker refuses for good (too large, topic denied) never blocks the partition: a copy truncated to
 * {@code cairn.ledger.dlq-truncate-to} bytes with {@code cairn-original-size} is sent instead, and if that is refused
 * too, the record is parked in {@code ledger.parked}; so is one whose DLQ topic the broker says is missing or denied
 * ({@link TopicProbe}). A passing failure (broker down, no answer) is thrown, and retried.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);
    private static final int MAX_DETAIL = 1000;

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final int truncateTo;
    private final long ackTimeoutMillis;
    private final LedgerMetrics metrics;
    private final RefusalRecorder refusals;
    private final AgroalDataSource dataSource;
    private final ParkedStore parked;
    private final TopicProbe probe;

    DeadLetterPublisher(
            KafkaProducer<String, byte[]> producer,
            LedgerConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            LedgerMetrics metrics,
            RefusalRecorder refusals,
            AgroalDataSource dataSource,
            ParkedStore parked) {
        this.producer = producer;
        this.topic = config.dlqTopic();
        this.truncateTo = config.dlqTruncateTo();
        this.ackTimeoutMillis = config.dlqAckTimeout().toMillis();
        this.metrics = metrics;
        this.refusals = refusals;
        this.dataSource = dataSource;
        this.parked = parked;
        this.probe = new TopicProbe(kafka, Duration.ofSeconds(10));
    }

    void publish(List<Rejection> rejections) throws Exception {
        publish(rejections, topic);
    }

    /** {@link #publish(List)} to another DLQ topic (the item events' one). */
    void publish(List<Rejection> rejections, String dlqTopic) throws Exception {
        if (rejections.isEmpty()) {
            return;
        }
        // the first alone: when the topic is missing, each send waits max.block.ms for its metadata
        send(rejections.get(0), dlqTopic);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Rejection r : rejections.subList(1, rejections.size())) {
            sent.add(producer.send(copy(r, false, dlqTopic)));
        }
        for (int i = 0; i < sent.size(); i++) {
            await(rejections.get(i + 1), sent.get(i), dlqTopic);
        }
        refusals.record(rejections);
        rejections.forEach(r -> metrics.deadLettered(r.reason()));
    }

    private void send(Rejection r, String dlqTopic) throws Exception {
        await(r, producer.send(copy(r, false, dlqTopic)), dlqTopic);
    }

    /**
     * Waits for the broker's acknowledgement of {@code r}'s copy. A passing failure is thrown (retried), unless the
     * broker answers that the DLQ topic is missing or denied: then the record is parked, as no retry would help.
     */
    private void await(Rejection r, Future<RecordMetadata> sent, String dlqTopic) throws Exception {
        try {
            sent.get(ackTimeoutMillis, TimeUnit.MILLISECONDS);
            log(r, "");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RetriableException)) {
                fallBack(r, e.getCause(), dlqTopic);
                return;
            }
            TopicProbe.State state = probe.probe(dlqTopic);
            if (!state.refused()) {
                throw e;
            }
            park(
                    r,
                    dlqTopic,
                    "topic " + dlqTopic + " is " + state.name().toLowerCase(java.util.Locale.ROOT) + " ("
                            + Failures.describe(e.getCause()) + ")");
        }
    }

    /** The event's fields when it parsed, else the pipeline and project of a well-formed record key. */
    private static EventLogContext logContext(Rejection r) {
        if (r.event() != null) {
            return StageEventConsumer.eventContext(r.event());
        }
        String[] key =
                r.record().key() == null ? new String[0] : r.record().key().split("/", -1);
        return EventLogContext.of(null, null, key.length == 3 ? key[0] : null, key.length == 3 ? key[1] : null);
    }

    /** The full copy was refused for good: send a truncated one, or park the record when that is refused too. */
    private void fallBack(Rejection r, Throwable refusal, String dlqTopic) throws Exception {
        try {
            producer.send(copy(r, true, dlqTopic)).get(ackTimeoutMillis, TimeUnit.MILLISECONDS);
            metrics.dlqTruncated();
            log(r, " (truncated copy: the full one was refused: " + Failures.describe(refusal) + ")");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                throw e;
            }
            park(r, dlqTopic, Failures.describe(e.getCause()));
        }
    }

    /** Keeps {@code r} in {@code ledger.parked} (with a metric and a log line), so that its partition goes on. */
    private void park(Rejection r, String dlqTopic, String why) throws Exception {
        ConsumerRecord<String, byte[]> source = r.record();
        try (Connection c = dataSource.getConnection()) {
            parked.park(
                    c,
                    new Parked(
                            Kind.DLQ,
                            dlqTopic,
                            source.key(),
                            source.value(),
                            r.reason().code() + ": " + truncate(r.detail()) + "; DLQ refused: " + why,
                            source.topic() + "-" + source.partition() + "@" + source.offset()));
        }
        metrics.parked(Kind.DLQ);
        LOG.errorf(
                "parked %s-%d@%d in ledger.parked: the DLQ refused it (%s)",
                source.topic(), source.partition(), source.offset(), why);
    }

    /** The DLQ copy: the original headers and timestamp, then the {@code cairn-*} ones. */
    private ProducerRecord<String, byte[]> copy(Rejection r, boolean truncated, String dlqTopic) {
        ConsumerRecord<String, byte[]> source = r.record();
        RecordHeaders headers = new RecordHeaders();
        for (Header h : source.headers()) {
            headers.add(h);
        }
        headers.add(Topics.HEADER_ERROR_CODE, bytes(r.reason().code()));
        headers.add(Topics.HEADER_ERROR_DETAIL, bytes(truncate(r.detail())));
        headers.add(Topics.HEADER_SOURCE_TOPIC, bytes(source.topic()));
        headers.add(Topics.HEADER_SOURCE_PARTITION, bytes(Integer.toString(source.partition())));
        headers.add(Topics.HEADER_SOURCE_OFFSET, bytes(Long.toString(source.offset())));
        byte[] value = source.value();
        if (truncated && value != null) {
            headers.add(Topics.HEADER_ORIGINAL_SIZE, bytes(Integer.toString(value.length)));
            value = Arrays.copyOf(value, Math.min(value.length, truncateTo));
        }
        Long timestamp = source.timestamp() >= 0 ? source.timestamp() : null;
        return new ProducerRecord<>(dlqTopic, null, timestamp, source.key(), value, headers);
    }

    private static void log(Rejection r, String how) {
        try (EventLogContext context = logContext(r)) {
            LOG.warnf(
                    "dead-lettered %s-%d@%d: %s (%s)%s",
                    r.record().topic(),
                    r.record().partition(),
                    r.record().offset(),
                    r.reason().code(),
                    truncate(r.detail()),
                    how);
        }
    }

    private static String truncate(String detail) {
        String d = detail == null ? "" : detail;
        return d.length() <= MAX_DETAIL ? d : d.substring(0, MAX_DETAIL) + "…";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
