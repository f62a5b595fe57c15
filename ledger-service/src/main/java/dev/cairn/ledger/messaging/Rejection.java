package dev.cairn.ledger.messaging;

import dev.cairn.contracts.RejectReason;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A consumed record that can never be applied, on its way to the DLQ. */
record Rejection(ConsumerRecord<String, byte[]> record, RejectReason reason, String detail) {}
