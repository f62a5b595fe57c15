package dev.cairn.planner.config;

import dev.cairn.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Business settings of the planner (env {@code CAIRN_PLANNER_*}), checked at start-up by Bean Validation. The broker
 * is {@code kafka.bootstrap.servers}.
 */
@ConfigMapping(prefix = "cairn.planner")
public interface PlannerConfig {

    /** The compacted topic the view materialises. */
    @WithDefault(Topics.COMPLETIONS)
    @NotBlank
    String topic();

    /** How long a {@code fresh=true} request waits for the view to reach the end offsets taken at request time. */
    @WithDefault("2s")
    @DurationMin(millis = 1)
    Duration freshTimeout();

    Limits limits();

    Reader reader();

    /**
     * The ledger's base URL ({@code http://ledger:8081}): the dashboard reads timelines, the DLQ and the outbox there.
     * Absent: the dashboard says "not configured" where it needs the ledger.
     */
    Optional<URI> ledgerUrl();

    /** The bearer token the planner sends to the ledger (and the dashboard's other services); absent: the caller's. */
    Optional<String> ledgerToken();

    Dashboard dashboard();

    interface Dashboard {
        /** The bootstrap service's base URL (scans); absent: "not configured". */
        Optional<URI> bootstrapUrl();

        /** The marker service's base URL (marker folders, readiness); absent: "not configured". */
        Optional<URI> markerUrl();

        /** The marker service's consumer group on the completions topic (its backlog is that group's lag). */
        @WithDefault("marker-service")
        @NotBlank
        String markerGroup();

        /** Bound of one call to another service. */
        @WithDefault("3s")
        @DurationMin(millis = 1)
        Duration callTimeout();

        /** How often the live stream sends the changes it gathered (one event per interval at most). */
        @WithDefault("200ms")
        @DurationMin(millis = 10)
        Duration streamInterval();
    }

    interface Limits {
        /** Largest request body of the plan endpoints, in bytes (16 MiB). */
        @WithDefault("16777216")
        @Min(1024)
        int maxBodyBytes();

        /** Most project names (or config-list entries) in one request. */
        @WithDefault("1000000")
        @Min(1)
        int maxNames();
    }

    interface Reader {
        /** Records per poll of the view's consumer (one write-lock batch). */
        @WithDefault("5000")
        @Min(1)
        int maxPollRecords();

        /** How long one poll waits for records. */
        @WithDefault("200ms")
        @DurationMin(millis = 1)
        Duration pollTimeout();

        /** Pause before the consumer is re-created after a failure (or while the topic does not exist). */
        @WithDefault("2s")
        @DurationMin(millis = 1)
        Duration retryBackoff();
    }
}
