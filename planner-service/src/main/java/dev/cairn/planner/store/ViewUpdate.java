package dev.cairn.planner.store;

/**
 * One record of {@code cairn.completions}, checked: the key's {@code (pipeline, project, config_id)} and the
 * new state, or a null {@code state} for a tombstone (the key is deleted).
 */
public record ViewUpdate(String pipeline, String project, String configId, ViewState state) {

    /** The update a CompletionRecorded makes (its own key). */
    public static ViewUpdate of(dev.cairn.contracts.CompletionRecorded state) {
        return new ViewUpdate(state.pipeline(), state.project(), state.configId(), ViewState.of(state));
    }
}
