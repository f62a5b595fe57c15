package dev.cairn.planner.config;

import dev.cairn.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
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

    /**
     * How long a {@code fresh=true} request waits, in all: for the ledger's barrier, then for the view to reach the
     * offsets of {@code cairn.completions} it answered (docs/design.md §6). Past it: 503 {@code not_fresh}.
     */
    @WithDefault("10s")
    @DurationMin(millis = 1)
    Duration freshTimeout();

    /**
     * The ledger-service's base URL (env {@code CAIRN_PLANNER_LEDGER_URL}), whose {@code GET /api/v1/barrier} a
     * {@code fresh=true} request calls first, and where the dashboard reads timelines, the DLQ and the outbox. Required
     * for {@code fresh=true} (without it such a request is a 503); absent, the dashboard says "not configured".
     */
    Optional<@Pattern(regexp = "https?://[^/?#\\s]+(/[^?#\\s]*)?", message = "must be an http(s) URL") String>
            ledgerUrl();

    /**
     * The bearer token the planner sends to the ledger (env {@code CAIRN_PLANNER_LEDGER_TOKEN}); it needs the
     * {@code read} scope; when unset, the secret of the first of the planner's own {@code cairn.auth.tokens}.
     */
    Optional<String> ledgerToken();

    Limits limits();

    Snapshot snapshot();

    Reader reader();

    Dashboard dashboard();

    WarmUp warmUp();

    /**
     * Once the view has caught up at start, the plan and config-list paths are run this many times on names sampled
     * from the view (answers discarded, no metric recorded), so that the JIT has compiled them before the first
     * requests; without it the first ~15 requests of a new process run interpreted or C1-compiled code, 2-3x slower.
     */
    interface WarmUp {
        /** Rounds of one plan and one config list each; 0 turns the warm-up off. */
        @WithDefault("30")
        @Min(0)
        int rounds();

        /** Names sampled from the view (plus as many absent names) per round. */
        @WithDefault("5000")
        @Min(1)
        int names();
    }

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

    /**
     * A snapshot of the view on local disk, so that a restart reads only the tail of the topic (docs/design.md §6).
     * Without a directory there is none, and every start reads the whole topic.
     */
    interface Snapshot {
        /** Directory of the snapshot file (env {@code CAIRN_PLANNER_SNAPSHOT_DIR}); instances may share it. */
        Optional<String> dir();

        /** How often the snapshot is written (when the view changed); also once at shutdown. */
        @WithDefault("30s")
        @DurationMin(seconds = 1)
        Duration interval();

        /**
         * An older snapshot is not used. Keep it below the topic's {@code delete.retention.ms} (24 h by default), after
         * which the log cleaner may drop a tombstone that the snapshot has not seen.
         */
        @WithDefault("12h")
        @DurationMin(minutes = 1)
        Duration maxAge();
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
