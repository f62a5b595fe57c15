package dev.cairn.planner.service;

import dev.cairn.planner.store.PipelineRead;
import java.util.ArrayList;
import java.util.List;

/** The warnings of an answer about a pipeline or config_id the view has no record of. */
final class ViewWarnings {

    private ViewWarnings() {}

    static List<String> of(PipelineRead read, String pipeline, String configId) {
        List<String> warnings = new ArrayList<>();
        if (!read.pipelineKnown()) {
            warnings.add("pipeline '" + pipeline
                    + "' has no recorded completion (check its name): every project counts as not complete");
        } else if (configId != null && !read.configKnown()) {
            warnings.add("pipeline '" + pipeline + "' has no recorded completion for config_id '" + configId
                    + "': every project counts as not complete");
        }
        return warnings;
    }
}
