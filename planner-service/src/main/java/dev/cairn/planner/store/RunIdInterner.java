package dev.cairn.planner.store;

import java.util.HashMap;
import java.util.Map;

/**
 * Shares one {@code String} per run id among the view's rows (many projects of one workflow run carry the same id),
 * with a bounded map: once it holds {@code capacity} ids it starts afresh. Rows keep the strings they already have, so
 * forgetting costs only sharing, never correctness; without the bound, a stream of distinct run ids (one per event,
 * or hostile ones) would keep every id ever seen alive after its rows had moved on. Not thread-safe: the view calls it
 * under its write lock.
 */
final class RunIdInterner {

    static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final Map<String, String> ids = new HashMap<>();

    RunIdInterner(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** The shared instance equal to {@code runId}, or null for null. */
    String intern(String runId) {
        if (runId == null) {
            return null;
        }
        String known = ids.get(runId);
        if (known != null) {
            return known;
        }
        if (ids.size() >= capacity) {
            ids.clear();
        }
        ids.put(runId, runId);
        return runId;
    }

    int size() {
        return ids.size();
    }
}
