package dev.cairn.marker.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.EventIds;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Names;
import dev.cairn.marker.metrics.MarkerMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Reads a {@code cairn.completions} record. A tombstone and a change other than {@code stage.completed} are ignored; a value that is no usable CompletionRecorded
 * (bad JSON, a missing field, a name that breaks the name rule) is logged with its position and counted
 * ({@code cairn.marker.rejected}): it can never make a safe S3 key, and no retry would change that.
 */
@ApplicationScoped
public class CompletionParser {

    private static final Logger LOG = Logger.getLogger(CompletionParser.class);

    private final MarkerMetrics metrics;
    private final ObjectMapper json;

    CompletionParser(MarkerMetrics metrics, ObjectMapper json) {
        this.metrics = metrics;
        this.json = json;
    }

    public Optional<CompletionRecorded> parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            CompletionRecorded c = json.readValue(record.value(), CompletionRecorded.class);
            if (c.change() != null
                    && !EventTypes.COMPLETED.equals(c.change().type())
                    && !EventTypes.FAILED.equals(c.change().type())) {
                return Optional.empty(); // started, reset: never a marker (failed: a failure marker)
            }
            String problem = problem(c);
            if (problem == null) {
                return Optional.of(c);
            }
            reject(record, problem);
        } catch (Exception e) {
            reject(record, "not a CompletionRecorded: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** What makes a {@code stage.completed} or {@code stage.failed} completion unusable for a marker, or null. */
    static String problem(CompletionRecorded c) {
        if (!EventIds.isValid(c.eventId())) {
            return "event_id is missing or invalid";
        }
        if (c.change() == null) {
            return "change is missing";
        }
        if (c.change().occurredAt() == null) {
            return "change.occurred_at is missing";
        }
        for (String[] field : new String[][] {
            {"pipeline", c.pipeline()},
            {"project", c.project()},
            {"config_id", c.configId()},
            {"change.stage", c.change().stage()}
        }) {
            Optional<String> reason = Names.problem(field[1]);
            if (reason.isPresent()) {
                return field[0] + " " + reason.get();
            }
        }
        return null;
    }

    private void reject(ConsumerRecord<String, String> record, String why) {
        metrics.rejected();
        LOG.errorf(
                "skipping %s-%d@%d (key %s): %s",
                record.topic(), record.partition(), record.offset(), record.key(), why);
    }
}
