package dev.cairn.ledger.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.EventTypes;
import dev.cairn.ledger.domain.ProjectKey;
import dev.cairn.ledger.domain.ProjectState;
import dev.cairn.ledger.store.EventRow;
import dev.cairn.ledger.store.EventStore;
import dev.cairn.ledger.store.OutboxStore;
import dev.cairn.ledger.store.PipelineStore;
import dev.cairn.ledger.store.StateStore;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.error.NotFoundException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The only way down: forgets a stage and every later stage of one project, or all of them. Recorded in
 * the history like an event ({@code type = reset}) and published through the outbox, in one transaction.
 */
@ApplicationScoped
public class ResetService {

    private final AgroalDataSource dataSource;
    private final PipelineStore pipelines;
    private final StateStore states;
    private final EventStore events;
    private final OutboxStore outbox;
    private final ObjectMapper json;

    ResetService(
            AgroalDataSource dataSource,
            PipelineStore pipelines,
            StateStore states,
            EventStore events,
            OutboxStore outbox,
            ObjectMapper json) {
        this.dataSource = dataSource;
        this.pipelines = pipelines;
        this.states = states;
        this.events = events;
        this.outbox = outbox;
        this.json = json;
    }

    public CompletionRecorded reset(ProjectKey key, String stage, String requestedBy) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                Map<String, List<String>> all = pipelines.all(c);
                List<String> stages = all.get(key.pipeline());
                if (stages == null) {
                    throw new NotFoundException("pipeline '" + key.pipeline() + "' is not declared");
                }
                if (stage != null && !stages.contains(stage)) {
                    throw new InvalidRequestException("stage '" + stage + "' is not declared for pipeline '"
                            + key.pipeline() + "' (stages: " + String.join(", ", stages) + ")");
                }
                if (states.find(c, key) == null) {
                    throw new NotFoundException("nothing recorded for project '" + key.project() + "' (config_id '"
                            + key.configId() + "') of pipeline '" + key.pipeline() + "'");
                }
                ProjectState state = states.lock(c, new TreeSet<>(List.of(key))).get(key);
                Instant now = Instant.now();
                String eventId = "reset-" + UUID.randomUUID();
                state.reset(stages, stage, eventId);
                Change change = ProjectState.resetChange(stage, now, requestedBy);
                ObjectNode body = json.createObjectNode()
                        .put("type", EventTypes.RESET)
                        .put("event_id", eventId)
                        .put("stage", stage)
                        .put("requested_by", requestedBy)
                        .put("occurred_at", now.toString());
                String text = body.toString();
                events.insertNew(
                        c,
                        List.of(new EventRow(
                                eventId,
                                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)),
                                key.pipeline(),
                                key.project(),
                                key.configId(),
                                EventTypes.RESET,
                                stage,
                                null,
                                now,
                                null,
                                text,
                                "http:reset")));
                states.update(c, List.of(state), all);
                CompletionRecorded record = state.toRecord(stages, change, now);
                outbox.append(c, List.of(new OutboxStore.Pending(record.key(), json.writeValueAsBytes(record))));
                return record;
            }
        });
    }
}
