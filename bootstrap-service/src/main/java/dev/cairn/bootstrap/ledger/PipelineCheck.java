package dev.cairn.bootstrap.ledger;

import dev.cairn.contracts.Problem;
import dev.cairn.service.error.UnavailableException;
import dev.cairn.service.error.UnprocessableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The submission check of scans and imports, dry runs included: the pipeline must be declared in the ledger and
 * declare every stage asked for (422 {@code unknown_pipeline} / {@code unknown_stage} naming the field), and while
 * the ledger cannot be asked the answer is 503 {@code ledger_unavailable} with {@code Retry-After}.
 */
@ApplicationScoped
public class PipelineCheck {

    private final LedgerClient ledger;

    PipelineCheck(LedgerClient ledger) {
        this.ledger = ledger;
    }

    /**
     * Checks {@code stages} (each named by {@code stageFields} at the same index; null stages are not checked) and
     * returns the pipeline's declared stages.
     */
    public List<String> check(String pipeline, String pipelineField, List<String> stages, List<String> stageFields) {
        List<String> declared;
        try {
            declared = ledger.stages(pipeline)
                    .orElseThrow(() -> new UnprocessableException(
                            "unknown_pipeline",
                            "pipeline '" + pipeline + "' is not declared in the ledger; declare it with PUT "
                                    + "/api/v1/pipelines/" + pipeline + " on ledger-service",
                            List.of(new Problem(pipelineField, "'" + pipeline + "' is not declared in the ledger"))));
        } catch (LedgerClient.LedgerUnavailable e) {
            throw new UnavailableException(
                    "ledger_unavailable",
                    "the ledger cannot be asked whether pipeline '" + pipeline + "' is declared: " + e.getMessage());
        }
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            String stage = stages.get(i);
            if (stage != null && !declared.contains(stage)) {
                problems.add(new Problem(
                        stageFields.get(i),
                        "stage '" + stage + "' is not declared for pipeline '" + pipeline + "' (stages: "
                                + String.join(", ", declared) + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new UnprocessableException("unknown_stage", problems.get(0).message(), problems);
        }
        return declared;
    }
}
