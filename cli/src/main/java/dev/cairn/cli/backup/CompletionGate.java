package dev.cairn.cli.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.cli.client.LedgerApi;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.StageState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * "Only after success": whether the ledger shows a stage of a project completed, and which completion event it was.
 * A stage counts as completed when its own status is completed or the project's level is that stage or later.
 */
public final class CompletionGate {

    /** The completion a backup belongs to. */
    public record Completion(String eventId, String runId, Instant completedAt) {}

    private final LedgerApi ledger;

    public CompletionGate(LedgerApi ledger) {
        this.ledger = ledger;
    }

    /** The latest completion of {@code stage} (or of a later stage that implies it), or empty when not completed. */
    public Optional<Completion> completion(
            String pipeline, String project, String configId, String stage, List<String> stages) {
        Optional<JsonNode> state = ledger.completion(pipeline, project, configId);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        JsonNode s = state.get();
        int target = stages.indexOf(stage);
        int level = s.path("level").isTextual() ? stages.indexOf(s.path("level").asText()) : -1;
        boolean completed = level >= target
                || StageState.COMPLETED.equals(
                        s.path("stage_states").path(stage).path("status").asText());
        if (!completed) {
            return Optional.empty();
        }
        JsonNode own = null;
        JsonNode implied = null;
        for (JsonNode e : ledger.timeline(pipeline, project, configId)) {
            if (EventTypes.COMPLETED.equals(e.path("type").asText())) {
                int at = stages.indexOf(e.path("stage").asText());
                if (at == target) {
                    own = e;
                } else if (at > target) {
                    implied = e;
                }
            }
        }
        JsonNode best = own != null ? own : implied;
        if (best == null) {
            return Optional.of(new Completion(null, null, null));
        }
        return Optional.of(new Completion(
                best.path("event_id").asText(),
                best.path("run_id").isTextual() ? best.path("run_id").asText() : null,
                Instant.parse(best.path("occurred_at").asText())));
    }
}
