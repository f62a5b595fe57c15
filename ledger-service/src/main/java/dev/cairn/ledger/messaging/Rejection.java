package dev.cairn.ledger.messaging;

import dev.cairn.contracts.RejectReason;
import dev.cairn.contracts.StageEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A consumed record that can never be applied, on its way to the DLQ; {@code event} is null when it did not parse. */
record Rejection(ConsumerRecord<String, byte[]> record, RejectReason reason, String detail, StageEvent event) {

    Rejection(ConsumerRecord<String, byte[]> record, RejectReason reason, String detail) {
        this(record, reason, detail, null);
    }
}
