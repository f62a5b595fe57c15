package dev.cairn.planner.store;

import dev.cairn.contracts.CompletionRecorded;

/**
 * One record of {@code cairn.completions}, checked: the key's {@code (pipeline, project, config_id)} and the
 * new state, or a null {@code state} for a tombstone (the key is deleted).
 */
public record ViewUpdate(String pipeline, String project, String configId, CompletionRecorded state) {
}
