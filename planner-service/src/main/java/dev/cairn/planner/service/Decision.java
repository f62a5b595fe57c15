package dev.cairn.planner.service;

/** What the planner says about one project, with the {@code reason} code the API returns. */
public enum Decision {
    /** {@code skip_if_complete=none}: every project runs. */
    RUN_MODE_NONE(true, "skip_if_complete_none"),
    /** No completion is recorded for the project and config_id (the seed: "not in log, don't skip"). */
    RUN_NOT_RECORDED(true, "not_recorded"),
    /** The project is known but no stage is complete (started, failed or reset). */
    RUN_NOTHING_COMPLETE(true, "nothing_complete"),
    /** Its level is below the stage named by {@code skip_if_complete}. */
    RUN_BELOW_LEVEL(true, "below_level"),
    /** {@code both}: the final stage is not complete; run, skipping the completed stages. */
    RUN_PARTIAL(true, "partial"),
    /** Complete enough: the project is skipped. */
    SKIP_COMPLETE(false, "complete");

    private final boolean run;
    private final String reason;

    Decision(boolean run, String reason) {
        this.run = run;
        this.reason = reason;
    }

    public boolean run() {
        return run;
    }

    public String reason() {
        return reason;
    }
}
