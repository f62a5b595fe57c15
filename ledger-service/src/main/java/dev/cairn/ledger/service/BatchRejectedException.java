package dev.cairn.ledger.service;

import java.util.List;

/** An all-or-nothing batch (HTTP ingest) had a refused event: nothing was applied. */
public class BatchRejectedException extends RuntimeException {

    private final transient List<Outcome> outcomes;

    public BatchRejectedException(List<Outcome> outcomes) {
        super("the batch was refused: "
                + outcomes.stream().filter(o -> o != null && o.rejected()).count() + " event(s) cannot be applied");
        this.outcomes = outcomes;
    }

    public List<Outcome> outcomes() {
        return outcomes;
    }
}
