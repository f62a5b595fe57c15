package dev.cairn.ledger.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.RejectReason;
import dev.cairn.contracts.StageEvent;
import dev.cairn.ledger.domain.ProjectKey;
import dev.cairn.ledger.domain.ProjectState;
import dev.cairn.ledger.store.EventRow;
import dev.cairn.ledger.store.EventStore;
import dev.cairn.ledger.store.OutboxStore;
import dev.cairn.ledger.store.PipelineStore;
import dev.cairn.ledger.store.StateStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies stage events exactly once: in ONE transaction per batch it inserts the history rows (insert-first dedupe
 * by {@code event_id}), locks and updates each project's state, and appends one CompletionRecorded per applied
 * event to the outbox. Kafka batches and HTTP ingest both come through {@link #apply}. Record-only events
 * ({@code artifact.backed_up}) are deduplicated and kept in the history like every event, but touch no state and add
 * no outbox row.
 */
@ApplicationScoped
public class LedgerService {

    /** An event with where it came from ({@code kafka:topic/partition/offset}, {@code http}). */
    public record Submission(StageEvent event, String source) {}

    /** The events of a batch that passed the declaration checks, as history rows, with their item positions. */
    private record Candidates(List<EventRow> rows, List<Integer> items, List<CanonicalEvent> canonicals) {}

    private final AgroalDataSource dataSource;
    private final PipelineStore pipelineStore;
    private final EventStore eventStore;
    private final StateStore stateStore;
    private final OutboxStore outboxStore;
    private final ObjectMapper json;
    private final Clock clock;

    LedgerService(
            AgroalDataSource dataSource,
            PipelineStore pipelineStore,
            EventStore eventStore,
            StateStore stateStore,
            OutboxStore outboxStore,
            ObjectMapper json) {
        this.dataSource = dataSource;
        this.pipelineStore = pipelineStore;
        this.eventStore = eventStore;
        this.stateStore = stateStore;
        this.outboxStore = outboxStore;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    /**
     * Applies {@code items} in order, in a new transaction, and returns one outcome per item. With {@code atomic},
     * any refused item rolls the whole batch back and throws {@link BatchRejectedException}; otherwise refused items
     * are reported and the rest is applied.
     */
    public List<Outcome> apply(List<Submission> items, boolean atomic) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return applyIn(c, items, atomic);
            }
        });
    }

    /** {@link #apply} in the caller's transaction and connection (a run's finish commits its event with its state). */
    List<Outcome> applyIn(Connection c, List<Submission> items, boolean atomic)
            throws SQLException, JsonProcessingException {
        Map<String, List<String>> pipelines = pipelineStore.all(c);
        Outcome[] outcomes = new Outcome[items.size()];
        Candidates candidates = checkDeclarations(items, pipelines, outcomes);
        failIfRejected(atomic, outcomes);
        TreeSet<ProjectKey> touched = insertHistory(c, items, candidates, outcomes);
        failIfRejected(atomic, outcomes);
        if (!touched.isEmpty()) {
            updateStatesAndOutbox(c, touched, outcomes, pipelines);
        }
        return List.of(outcomes);
    }

    /**
     * Refuses events of undeclared pipelines or stages and settles repeats of an id within the batch; the rest become
     * history rows carrying their canonical form and hash.
     */
    private static Candidates checkDeclarations(
            List<Submission> items, Map<String, List<String>> pipelines, Outcome[] outcomes) {
        List<EventRow> rows = new ArrayList<>();
        List<Integer> rowItems = new ArrayList<>();
        List<CanonicalEvent> canonicals = new ArrayList<>();
        Map<String, byte[]> hashInBatch = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            StageEvent e = items.get(i).event();
            outcomes[i] = undeclared(e, pipelines.get(e.pipeline()));
            if (outcomes[i] != null) {
                continue;
            }
            CanonicalEvent canonical = CanonicalEvent.of(e);
            byte[] seen = hashInBatch.putIfAbsent(e.eventId(), canonical.hash());
            if (seen != null) {
                outcomes[i] = Arrays.equals(seen, canonical.hash()) ? Outcome.duplicate(e) : conflict(e);
                continue;
            }
            rows.add(historyRow(e, canonical, items.get(i).source()));
            rowItems.add(i);
            canonicals.add(canonical);
        }
        return new Candidates(rows, rowItems, canonicals);
    }

    /**
     * Inserts the history rows (the dedupe: an id not inserted was seen before) and settles each row as applied,
     * duplicate (same canonical hash as stored) or conflicting; returns the keys of the applied events.
     */
    private TreeSet<ProjectKey> insertHistory(
            Connection c, List<Submission> items, Candidates candidates, Outcome[] outcomes) throws SQLException {
        List<EventRow> rows = candidates.rows();
        Set<String> inserted = eventStore.insertNew(c, rows);
        List<String> seenBefore = rows.stream()
                .map(EventRow::eventId)
                .filter(id -> !inserted.contains(id))
                .toList();
        Map<String, byte[]> storedHashes = eventStore.hashesOf(c, seenBefore);
        TreeSet<ProjectKey> touched = new TreeSet<>();
        for (int r = 0; r < rows.size(); r++) {
            int i = candidates.items().get(r);
            StageEvent e = items.get(i).event();
            if (inserted.contains(e.eventId())) {
                outcomes[i] = Outcome.applied(e);
                if (EventTypes.changesState(e.type())) {
                    touched.add(keyOf(e));
                }
            } else {
                // a hash stored before numbers were canonical is the legacy one (CanonicalEvent#matches)
                boolean same = candidates.canonicals().get(r).matches(storedHashes.get(e.eventId()));
                outcomes[i] = same ? Outcome.duplicate(e) : conflict(e);
            }
        }
        return touched;
    }

    /** Locks the touched states in key order, applies the events to them and queues one record each for the outbox. */
    private void updateStatesAndOutbox(
            Connection c, TreeSet<ProjectKey> touched, Outcome[] outcomes, Map<String, List<String>> pipelines)
            throws SQLException, JsonProcessingException {
        Map<ProjectKey, ProjectState> states = stateStore.lock(c, touched);
        Instant now = clock.instant();
        List<OutboxStore.Pending> outbox = new ArrayList<>();
        for (Outcome o : outcomes) {
            // record-only types (artifact.backed_up) are in the history above, but change no state and publish nothing
            if (o.status() == Outcome.Status.APPLIED
                    && EventTypes.changesState(o.event().type())) {
                StageEvent e = o.event();
                ProjectState state = states.get(keyOf(e));
                state.apply(e);
                CompletionRecorded record = state.toRecord(pipelines.get(e.pipeline()), ProjectState.changeOf(e), now);
                outbox.add(new OutboxStore.Pending(record.key(), json.writeValueAsBytes(record)));
            }
        }
        stateStore.update(c, new ArrayList<>(states.values()), pipelines);
        outboxStore.append(c, outbox);
    }

    /** The refusal of an event whose pipeline or stage is not declared, or null when both are. */
    private static Outcome undeclared(StageEvent e, List<String> stages) {
        if (stages == null) {
            return Outcome.rejected(
                    e,
                    RejectReason.UNKNOWN_PIPELINE,
                    "pipeline '" + e.pipeline() + "' is not declared; declare it with PUT /api/v1/pipelines/"
                            + e.pipeline());
        }
        if (!stages.contains(e.stage())) {
            return Outcome.rejected(
                    e,
                    RejectReason.UNKNOWN_STAGE,
                    "stage '" + e.stage() + "' is not declared for pipeline '" + e.pipeline() + "' (stages: "
                            + String.join(", ", stages) + ")");
        }
        return null;
    }

    private static EventRow historyRow(StageEvent e, CanonicalEvent canonical, String source) {
        return new EventRow(
                e.eventId(),
                canonical.hash(),
                e.pipeline(),
                e.project(),
                e.configId(),
                e.type(),
                e.stage(),
                e.runId(),
                e.occurredAt(),
                e.startedAt(),
                canonical.json(),
                source);
    }

    private static ProjectKey keyOf(StageEvent e) {
        return new ProjectKey(e.pipeline(), e.project(), e.configId());
    }

    private static Outcome conflict(StageEvent e) {
        return Outcome.rejected(
                e,
                RejectReason.CONFLICTING_DUPLICATE,
                "event_id '" + e.eventId()
                        + "' was already recorded with a different payload; a redelivery must carry the same content");
    }

    private static void failIfRejected(boolean atomic, Outcome[] outcomes) {
        if (atomic && Arrays.stream(outcomes).anyMatch(o -> o != null && o.rejected())) {
            throw new BatchRejectedException(Arrays.asList(outcomes));
        }
    }
}
