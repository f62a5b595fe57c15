package dev.cairn.bootstrap.config;

import dev.cairn.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;

/** Settings of bootstrap-service ({@code cairn.bootstrap.*}, env {@code CAIRN_BOOTSTRAP_*}); see the README. */
@ConfigMapping(prefix = "cairn.bootstrap")
public interface BootstrapConfig {

    /** Topic the stage events go to. */
    @WithDefault(Topics.STAGE_EVENTS)
    @NotBlank
    String topic();

    /** ListObjectsV2 calls in flight at once on this instance (folder layouts list project folders in parallel). */
    @WithDefault("16")
    @Min(1)
    @Max(256)
    int listConcurrency();

    /** Keys per ListObjectsV2 page (S3 returns at most 1,000). */
    @WithDefault("1000")
    @Min(1)
    @Max(1000)
    int pageSize();

    /** Scans this instance runs at the same time; more wait in state {@code queued}. */
    @WithDefault("2")
    @Min(1)
    int maxConcurrentScans();

    /** How often a worker looks for queued or interrupted scans and for cancellations (at least 1s: Quarkus' scheduler). */
    @WithDefault("2s")
    @DurationMin(seconds = 1)
    Duration pollInterval();

    /** Events sent to Kafka before waiting for their acknowledgements and moving the checkpoint. */
    @WithDefault("1000")
    @Min(1)
    @Max(10000)
    int emitBatchSize();

    /** How long one batch may wait for Kafka's acknowledgements before it counts as failed. */
    @WithDefault("120s")
    @DurationMin(millis = 1)
    Duration publishTimeout();

    /**
     * Buckets scans may read: exact names, or a name ending in {@code *} for every bucket starting with what precedes
     * it ({@code *} alone allows all). The default is none: a scan of any bucket is refused until this is set.
     */
    Optional<List<@NotBlank String>> allowedBuckets();

    /**
     * Base URL of ledger-service ({@code http://ledger:8081}): its pipelines API checks scan and import requests, its
     * verdicts ({@code POST /api/v1/events/status}) count what became of the events.
     */
    @NotBlank
    @jakarta.validation.constraints.Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
    String ledgerUrl();

    /**
     * Bearer token for the ledger's API (env {@code CAIRN_BOOTSTRAP_LEDGER_TOKEN}; it needs the {@code read} scope);
     * when unset, the secret of the first of bootstrap's own {@code cairn.auth.tokens}.
     */
    Optional<String> ledgerToken();

    /** Timeout of one call to the ledger. */
    @WithDefault("5s")
    @DurationMin(millis = 1)
    Duration ledgerTimeout();

    /** How long a real scan or import waits for the ledger's verdict on the events it sent before giving up. */
    @WithDefault("10m")
    @DurationMin(seconds = 1)
    Duration verdictTimeout();

    /** Retries of transient S3 errors (5xx, 429, connection errors) during a scan. */
    S3Retry s3Retry();

    @WithName("import")
    ImportSettings importLog();

    Health health();

    interface S3Retry {
        /** Attempts per ListObjectsV2 call (each attempt already includes the AWS SDK's own retries). */
        @WithDefault("8")
        @Min(1)
        int maxAttempts();

        @WithDefault("200ms")
        @DurationMin(millis = 1)
        Duration initialBackoff();

        @WithDefault("10s")
        @DurationMin(millis = 1)
        Duration maxBackoff();
    }

    interface ImportSettings {
        /** A completion-log line longer than this (UTF-8 bytes) is reported as malformed. */
        @WithDefault("65536")
        @Min(256)
        int maxLineBytes();

        /** Malformed lines listed in the response; the count covers all of them. */
        @WithDefault("1000")
        @Min(1)
        int maxReportedErrors();
    }

    interface Health {
        /** Buckets the readiness check probes with HeadBucket; without any, it calls ListBuckets. */
        Optional<List<String>> buckets();

        @WithDefault("3s")
        @DurationMin(millis = 1)
        Duration timeout();
    }
}
