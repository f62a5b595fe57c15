package dev.cairn.ledger.messaging;

import dev.cairn.ledger.lineage.LineageIntake;
import dev.cairn.ledger.lineage.Mapping;
import dev.cairn.ledger.lineage.UnmappedRuns;
import dev.cairn.ledger.service.LedgerService.Submission;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code cairn.openlineage} (OpenLineage's Kafka transport) in batches, with the semantics of stage events:
 * each RunEvent is mapped ({@link LineageIntake}); the mapped ones are applied in one transaction through the same
 * path as {@code cairn.stage-events} ({@link StageEventConsumer#settle}: exactly once by {@code event_id}, database
 * failures retried without end); what can never be applied (not JSON, not a RunEvent 2-0-x, an invalid {@code cairn}
 * facet, an undeclared pipeline or stage, a conflicting duplicate) goes to the DLQ with its reason; offsets are
 * committed only after that. Unmapped RunEvents are counted and listed ({@link UnmappedRuns}), not dead-lettered.
 */
@ApplicationScoped
public class OpenLineageConsumer {

    public static final String CHANNEL = "openlineage";

    private final LineageIntake intake;
    private final UnmappedRuns unmapped;
    private final StageEventConsumer stageEvents;

    OpenLineageConsumer(LineageIntake intake, UnmappedRuns unmapped, StageEventConsumer stageEvents) {
        this.intake = intake;
        this.unmapped = unmapped;
        this.stageEvents = stageEvents;
    }

    @Incoming(CHANNEL)
    @Blocking(value = "ledger-apply", ordered = false)
    public void consume(ConsumerRecords<String, byte[]> records) throws Exception {
        List<Submission> valid = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> validRecords = new ArrayList<>(records.count());
        List<Rejection> rejections = new ArrayList<>();
        List<Mapping.UnmappedRun> notOurs = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            String source = "kafka:" + r.topic() + "/" + r.partition() + "@" + r.offset();
            Mapping m = intake.map(r.value());
            switch (m.kind()) {
                case MAPPED -> {
                    valid.add(new Submission(m.event(), source));
                    validRecords.add(r);
                }
                case UNMAPPED -> notOurs.add(m.unmapped());
                case INVALID -> rejections.add(new Rejection(r, m.reason(), m.detail()));
                case IGNORED -> {}
            }
        }
        stageEvents.settle(valid, validRecords, rejections, records.count());
        notOurs.forEach(run -> unmapped.record(run, "kafka"));
    }
}
