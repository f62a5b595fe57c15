package dev.cairn.ledger.messaging;

import dev.cairn.contracts.Topics;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.metrics.LedgerMetrics;
import dev.cairn.service.logging.EventLogContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Sends refused records to the DLQ with the original key and bytes and the headers of DESIGN §3, and waits for the
 * broker's acknowledgement: the source offset is committed only after its DLQ copy is durable.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);
    private static final int MAX_DETAIL = 1000;

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final LedgerMetrics metrics;
    private final RefusalRecorder refusals;

    DeadLetterPublisher(
            KafkaProducer<String, byte[]> producer,
            LedgerConfig config,
            LedgerMetrics metrics,
            RefusalRecorder refusals) {
        this.producer = producer;
        this.topic = config.dlqTopic();
        this.metrics = metrics;
        this.refusals = refusals;
    }

    void publish(List<Rejection> rejections) throws Exception {
        if (rejections.isEmpty()) {
            return;
        }
        List<Future<?>> sent = new ArrayList<>();
        for (Rejection r : rejections) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(Topics.HEADER_ERROR_CODE, bytes(r.reason().code()));
            headers.add(Topics.HEADER_ERROR_DETAIL, bytes(truncate(r.detail())));
            headers.add(Topics.HEADER_SOURCE_TOPIC, bytes(r.record().topic()));
            headers.add(
                    Topics.HEADER_SOURCE_PARTITION,
                    bytes(Integer.toString(r.record().partition())));
            headers.add(
                    Topics.HEADER_SOURCE_OFFSET, bytes(Long.toString(r.record().offset())));
            sent.add(producer.send(new ProducerRecord<>(
                    topic, null, r.record().key(), r.record().value(), headers)));
            try (EventLogContext log = logContext(r)) {
                LOG.warnf(
                        "dead-lettered %s-%d@%d: %s (%s)",
                        r.record().topic(),
                        r.record().partition(),
                        r.record().offset(),
                        r.reason().code(),
                        truncate(r.detail()));
            }
        }
        for (Future<?> f : sent) {
            f.get(60, TimeUnit.SECONDS);
        }
        refusals.record(rejections);
        rejections.forEach(r -> metrics.deadLettered(r.reason()));
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

    private static String truncate(String detail) {
        String d = detail == null ? "" : detail;
        return d.length() <= MAX_DETAIL ? d : d.substring(0, MAX_DETAIL) + "…";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
