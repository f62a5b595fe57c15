package dev.cairn.planner.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;

/** Where a {@code fresh=true} read must have consumed {@code cairn.completions} up to, found within {@code wait}. */
@FunctionalInterface
public interface FreshTargets {

    Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, Duration wait)
            throws InterruptedException, TimeoutException, ExecutionException;
}
