package dev.cairn.planner.messaging;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** A {@link ViewProgress} that has reached its start offsets, as the reader's is once the view is ready. */
public final class CaughtUpProgress {

    private CaughtUpProgress() {}

    public static ViewProgress create() {
        ViewProgress progress = new ViewProgress();
        Map<TopicPartition, Long> end = Map.of(new TopicPartition("cairn.completions", 0), 0L);
        progress.started(end, end);
        progress.advanced(end, 0);
        return progress;
    }
}
