package dev.cairn.ledger.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Names;
import dev.cairn.contracts.RejectReason;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.domain.ItemLine;
import dev.cairn.ledger.service.RunItemService;
import dev.cairn.service.error.NotFoundException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code cairn.item-events} (key: the run id; value: one item line, as in {@code POST
 * /api/v1/runs/{id}/items}) in batches: the valid records of each run are recorded in one transaction through the same
 * path as HTTP, what can never be recorded (not JSON, an invalid line or key, an unknown run) goes to
 * {@code cairn.item-events.dlq} with the DLQ headers of the stage events, and the offsets are committed after that.
 * A database failure is retried without skipping anything; recording is idempotent, so a redelivered batch is harmless.
 */
@ApplicationScoped
public class ItemEventConsumer {

    public static final String CHANNEL = "item-events";

    private final RunItemService items;
    private final DeadLetterPublisher deadLetters;
    private final Retries retries;
    private final String dlqTopic;

    ItemEventConsumer(RunItemService items, DeadLetterPublisher deadLetters, Retries retries, LedgerConfig config) {
        this.items = items;
        this.deadLetters = deadLetters;
        this.retries = retries;
        this.dlqTopic = config.runs().itemEventsDlqTopic();
    }

    @Incoming(CHANNEL)
    @Blocking(value = "ledger-apply", ordered = false)
    public void consume(ConsumerRecords<String, byte[]> records) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byRun = new LinkedHashMap<>();
        Map<String, List<ItemLine>> lines = new LinkedHashMap<>();
        List<Rejection> rejections = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            String problem =
                    Names.problem(r.key()).map(p -> "the key (the run id) " + p).orElse(null);
            if (problem != null) {
                rejections.add(new Rejection(r, RejectReason.INVALID_EVENT, problem));
                continue;
            }
            JsonNode node;
            try {
                node = r.value() == null ? null : Json.mapper().readTree(r.value());
            } catch (IOException e) {
                node = null;
            }
            if (node == null || node.isMissingNode()) {
                rejections.add(new Rejection(r, RejectReason.INVALID_JSON, "the value is not JSON"));
                continue;
            }
            ItemLine.Checked checked = ItemLine.check(node);
            if (!checked.valid()) {
                rejections.add(new Rejection(r, RejectReason.INVALID_EVENT, checked.problem()));
                continue;
            }
            byRun.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            lines.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(checked.line());
        }
        for (Map.Entry<String, List<ItemLine>> run : lines.entrySet()) {
            if (!recordWithRetry(run.getKey(), run.getValue())) {
                byRun.get(run.getKey())
                        .forEach(r -> rejections.add(new Rejection(
                                r, RejectReason.UNKNOWN_RUN, "no run '" + run.getKey() + "': start it first")));
            }
        }
        if (!rejections.isEmpty()) {
            retries.untilDone(
                    "publishing " + rejections.size() + " item record(s) to the DLQ",
                    () -> {
                        deadLetters.publish(rejections, dlqTopic);
                        return null;
                    },
                    e -> true);
        }
    }

    /** Records the lines of one run; false when the run does not exist. */
    private boolean recordWithRetry(String runId, List<ItemLine> runLines) {
        return retries.untilDone(
                "recording " + runLines.size() + " item status(es) of run " + runId,
                () -> {
                    try {
                        items.record(runId, runLines);
                        return true;
                    } catch (NotFoundException e) {
                        return false;
                    }
                },
                e -> !(e instanceof NotFoundException));
    }
}
