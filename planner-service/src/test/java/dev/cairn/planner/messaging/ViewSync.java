package dev.cairn.planner.messaging;

import static org.awaitility.Awaitility.await;

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
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> progress.startTargets() != null);
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
