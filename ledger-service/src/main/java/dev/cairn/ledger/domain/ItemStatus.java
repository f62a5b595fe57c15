package dev.cairn.ledger.domain;

/** The status of one item of a run, as a write left it; {@link #code} numbers the statuses from 1 in memory. */
public record ItemStatus(String item, String status) {

    /** 1 to 4 in the order of {@link ItemLine#STATUSES} (success, error, not_found, skipped); 0 is "no status". */
    public static byte code(String status) {
        int i = ItemLine.STATUSES.indexOf(status);
        if (i < 0) {
            throw new IllegalArgumentException("unknown status " + status);
        }
        return (byte) (i + 1);
    }
}
