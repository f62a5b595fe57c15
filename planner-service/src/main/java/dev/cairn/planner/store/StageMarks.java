package dev.cairn.planner.store;

import java.util.List;

/**
 * The per-stage states of one CompletionRecorded, as the dashboard shows them: for each stage named in
 * {@code stage_states}, its status ({@link #STARTED}, {@link #COMPLETED}, {@link #FAILED}) and its last completion
 * (epoch milliseconds, {@link #NO_TIME} when never completed).
 */
public record StageMarks(List<String> stages, byte[] status, long[] completedMillis) {

    public static final byte NONE = 0;
    public static final byte STARTED = 1;
    public static final byte COMPLETED = 2;
    public static final byte FAILED = 3;
    public static final long NO_TIME = Long.MIN_VALUE;

    public static final StageMarks EMPTY = new StageMarks(List.of(), new byte[0], new long[0]);

    /** Equal when every stage has the same status and time, whatever the order the stages were read in. */
    @Override
    public boolean equals(Object o) {
        return o instanceof StageMarks other && canonical().equals(other.canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    @Override
    public String toString() {
        return "StageMarks" + canonical();
    }

    private java.util.SortedMap<String, String> canonical() {
        java.util.SortedMap<String, String> m = new java.util.TreeMap<>();
        for (int i = 0; i < stages.size(); i++) {
            m.put(stages.get(i), label(status[i]) + "@" + completedMillis[i]);
        }
        return m;
    }

    /** The code of a contract status ({@code started}, {@code completed}, {@code failed}); NONE for anything else. */
    public static byte code(String status) {
        if (status == null) {
            return NONE;
        }
        return switch (status) {
            case "started" -> STARTED;
            case "completed" -> COMPLETED;
            case "failed" -> FAILED;
            default -> NONE;
        };
    }

    /** The dashboard's name of a code: {@code running}, {@code completed}, {@code failed}, {@code not_started}. */
    public static String label(int code) {
        return switch (code) {
            case STARTED -> "running";
            case COMPLETED -> "completed";
            case FAILED -> "failed";
            default -> "not_started";
        };
    }
}
