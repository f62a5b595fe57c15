package dev.cairn.ledger.domain;

/** The items of a run by status; {@code processed} counts every item with a status. */
public record RunStats(long success, long errors, long notFound, long skipped) {

    public long processed() {
        return success + errors + notFound + skipped;
    }

    /** The document's progress string, e.g. {@code 32000/55000 (150 errors)} ({@code ?} when the total is unknown). */
    public String progress(Long totalItems) {
        return processed() + "/" + (totalItems == null ? "?" : totalItems) + " (" + errors + " errors)";
    }
}
