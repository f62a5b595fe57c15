package dev.cairn.bootstrap.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.StageEvent;
import dev.cairn.contracts.StageEventValidator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's own validation ({@code contracts}' {@link StageEventValidator}, on the bytes that would be sent) and
 * its declaration check, applied before an event leaves: an event the ledger would refuse is never emitted, and the
 * reason says why.
 */
@ApplicationScoped
public class EventCheck {

    private final StageEventValidator validator = new StageEventValidator();
    private final ObjectMapper json;

    EventCheck(ObjectMapper json) {
        this.json = json;
    }

    /** Why the ledger would refuse {@code event} given the pipeline's {@code declaredStages}, or empty. */
    public Optional<String> refusal(StageEvent event, List<String> declaredStages) {
        StageEventValidator.Result result;
        try {
            result = validator.validate(json.writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            return Optional.of("the event cannot be written as JSON: " + e.getOriginalMessage());
        }
        if (!result.valid()) {
            return Optional.of(
                    "the ledger would refuse this event (" + result.reason().code() + "): " + result.detail());
        }
        if (declaredStages != null && !declaredStages.contains(event.stage())) {
            return Optional.of("the ledger would refuse this event (unknown_stage): stage '" + event.stage()
                    + "' is not declared for pipeline '" + event.pipeline() + "'");
        }
        return Optional.empty();
    }
}
