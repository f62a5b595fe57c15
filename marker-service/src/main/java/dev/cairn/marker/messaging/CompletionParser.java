package dev.cairn.marker.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.EventIds;
import dev.cairn.contracts.EventLimits;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Names;
import dev.cairn.contracts.Problem;
import dev.cairn.marker.metrics.MarkerMetrics;
import dev.cairn.marker.service.MarkerFiles;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Reads a {@code cairn.completions} record. A tombstone and a change other than {@code stage.completed} are ignored; a
 * value that is no usable CompletionRecorded (bad JSON, a missing field, a name that breaks the name rule, a time
 * outside the stage events' window of {@link EventLimits}, an absurd count: {@link MarkerFiles#countProblem}) is
 * {@link Parsed#unreadable()}: logged with its position and counted ({@code cairn.marker.rejected}); it can never make
 * a safe S3 key, and no retry would change that, so the consumer sends it to {@code cairn.markers.dlq}.
 */
@ApplicationScoped
public class CompletionParser {

    private static final Logger LOG = Logger.getLogger(CompletionParser.class);
    /** The metrics a marker reports as counts ({@link MarkerFiles#countProblem}). */
    private static final List<String> COUNTS = List.of("rows_processed", "files_created");

    private final MarkerMetrics metrics;
    private final ObjectMapper json;

    CompletionParser(MarkerMetrics metrics, ObjectMapper json) {
        this.metrics = metrics;
        this.json = json;
    }

    /**
     * What a record holds: a usable completion, nothing to do ({@link #IGNORED}), or a reason it can never be read
     * with its {@code cairn-error-code} ({@code invalid_json} or {@code invalid_event}).
     */
    public record Parsed(Optional<CompletionRecorded> completion, String code, String problem) {
        static final Parsed IGNORED = new Parsed(Optional.empty(), null, null);

        public boolean unreadable() {
            return problem != null;
        }
    }

    public Parsed parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Parsed.IGNORED;
        }
        CompletionRecorded c;
        try {
            c = json.readValue(record.value(), CompletionRecorded.class);
        } catch (Exception e) {
            return reject(record, "invalid_json", "not a CompletionRecorded: " + e.getMessage());
        }
        if (c == null) {
            return reject(record, "invalid_json", "not a CompletionRecorded: null");
        }
        if (c.change() != null
                && !EventTypes.COMPLETED.equals(c.change().type())
                && !EventTypes.FAILED.equals(c.change().type())) {
            return Parsed.IGNORED; // started, reset: never a marker (failed: a failure marker)
        }
        String problem = problem(c);
        return problem == null ? new Parsed(Optional.of(c), null, null) : reject(record, "invalid_event", problem);
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
        List<Problem> times =
                EventLimits.DEFAULT.problems(c.change().occurredAt(), c.change().startedAt());
        if (!times.isEmpty()) {
            return "change." + times.get(0).field() + " " + times.get(0).message();
        }
        for (String count : COUNTS) {
            String problem = MarkerFiles.countProblem(c.change().metrics(), count);
            if (problem != null) {
                return "change." + problem;
            }
        }
        return null;
    }

    private Parsed reject(ConsumerRecord<String, String> record, String code, String why) {
        metrics.rejected();
        LOG.errorf(
                "unreadable %s-%d@%d (key %s), to the DLQ: %s",
                record.topic(), record.partition(), record.offset(), record.key(), why);
        return new Parsed(Optional.empty(), code, why);
    }
}
