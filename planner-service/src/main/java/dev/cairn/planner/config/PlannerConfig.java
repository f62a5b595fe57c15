package dev.cairn.planner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Business settings of the planner (env {@code CAIRN_PLANNER_*}). The broker is {@code kafka.bootstrap.servers}. */
@ConfigMapping(prefix = "cairn.planner")
public interface PlannerConfig {

    /** The compacted topic the view materialises (DESIGN §3). */
    @WithDefault("cairn.completions")
    String topic();

    /** How long a {@code fresh=true} request waits for the view to reach the end offsets taken at request time. */
    @WithDefault("2s")
    Duration freshTimeout();

    Limits limits();

    Reader reader();

    interface Limits {
        /** Largest request body of the plan endpoints, in bytes (16 MiB). */
        @WithDefault("16777216")
        int maxBodyBytes();

        /** Most project names (or config-list entries) in one request. */
        @WithDefault("1000000")
        int maxNames();
    }

    interface Reader {
        /** Records per poll of the view's consumer (one write-lock batch). */
        @WithDefault("5000")
        int maxPollRecords();

        /** How long one poll waits for records. */
        @WithDefault("200ms")
        Duration pollTimeout();

        /** Pause before the consumer is re-created after a failure (or while the topic does not exist). */
        @WithDefault("2s")
        Duration retryBackoff();
    }
}
