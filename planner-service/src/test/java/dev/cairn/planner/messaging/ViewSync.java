package dev.cairn.planner.messaging;

import dev.cairn.planner.config.PlannerConfig;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * For the planner's own tests, which publish to {@code cairn.completions} directly (no ledger, so no
 * {@code fresh=true}): waits until the view has consumed everything on the topic now.
 */
@Singleton
public class ViewSync {

    private final ViewProgress progress;
    private final EndOffsets endOffsets;
    private final PlannerConfig config;

    ViewSync(ViewProgress progress, EndOffsets endOffsets, PlannerConfig config) {
        this.progress = progress;
        this.endOffsets = endOffsets;
        this.config = config;
    }

    public void awaitView() {
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (progress.startTargets() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Map<TopicPartition, Long> now =
                    endOffsets.latest(progress.startTargets().keySet(), Duration.ofSeconds(10));
            if (!progress.await(now, deadline - System.nanoTime())) {
                throw new AssertionError("the view did not reach " + now + " of " + config.topic());
            }
        } catch (Exception e) {
            throw new AssertionError("waiting for the view", e);
        }
    }
}
