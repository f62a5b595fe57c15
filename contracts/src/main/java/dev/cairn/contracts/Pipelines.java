package dev.cairn.contracts;

/** Limits of a pipeline declaration, the same in the ledger (which refuses more) and the planner (which reads them). */
public final class Pipelines {

    /** At most this many stages per pipeline (docs/design.md §4): a level fits in a byte with room to spare. */
    public static final int MAX_STAGES = 64;

    private Pipelines() {}
}
