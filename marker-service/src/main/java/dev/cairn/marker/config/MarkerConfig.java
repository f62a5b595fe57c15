package dev.cairn.marker.config;

import dev.cairn.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The marker-service's business settings ({@code cairn.marker.*}); see the service README for each one. Checked at
 * start-up by Bean Validation (the message names the setting); the folder templates and marker stages are checked
 * by {@code MarkerRules}, which knows their grammar.
 */
@ConfigMapping(prefix = "cairn.marker")
public interface MarkerConfig {

    String DEFAULT_TEMPLATE = "completion_markers/{pipeline}/{project}/{timestamp}/";

    /** The bucket of the marker folders (env {@code CAIRN_MARKER_BUCKET}). Required: no default. */
    @NotBlank
    String bucket();

    /** Folder template of every pipeline without its own {@code pipelines."<name>".template}. */
    @WithDefault(DEFAULT_TEMPLATE)
    @NotBlank
    String template();

    /** Per-pipeline settings, keyed by pipeline name ({@code cairn.marker.pipelines."us_dw.x".stages=a,b}). */
    Map<String, PipelineMarkers> pipelines();

    TopicNames topics();

    /** Write a failure folder ({@code failure_marker.txt}) for every {@code stage.failed}; per pipeline too. */
    @WithDefault("true")
    boolean failureMarkers();

    Webhooks webhooks();

    /** How many marker folders are written at the same time (different keys; one key is always in order). */
    @WithDefault("32")
    @Min(1)
    int concurrency();

    /** {@code auto} probes the bucket once; {@code enabled}/{@code disabled} skip the probe. */
    @WithDefault("auto")
    ConditionalWrites conditionalWrites();

    /**
     * Most candidate folder names tried for one completion ({@code ts}, {@code ts_2}, … {@code ts_N}) before it is
     * dead-lettered as {@code no_free_folder}.
     */
    @WithDefault("1000")
    @Min(1)
    int maxFolders();

    /**
     * How many tables (projects) get {@code cairn_sync_*} series of their own; later ones are counted under
     * {@code table="_other"}. Each table's duration histogram is about 70 series, held in this JVM until it stops.
     */
    @WithDefault("200")
    @Min(0)
    int syncMetricsMaxTables();

    Retry retry();

    Retention retention();

    Lifecycle lifecycle();

    enum ConditionalWrites {
        AUTO,
        ENABLED,
        DISABLED
    }

    interface PipelineMarkers {

        /** The stages whose completion writes a marker; absent = the pipeline's final stage only. */
        Optional<List<String>> stages();

        /** This pipeline's folder template; absent = {@code cairn.marker.template}. */
        Optional<String> template();

        /** Failure markers for this pipeline; absent = {@code cairn.marker.failure-markers}. */
        Optional<Boolean> failureMarkers();

        /** Where this pipeline's markers are announced; absent = no webhook. */
        Optional<Webhook> webhook();
    }

    /** A pipeline's webhook. The URL is a secret: it is never logged (put it in a Secret, see the README). */
    interface Webhook {

        @NotBlank
        String url();

        /** {@code slack} (incoming-webhook message, default) or {@code json} (the MarkerWritten record). */
        @WithDefault("slack")
        WebhookFormat format();
    }

    enum WebhookFormat {
        SLACK,
        JSON
    }

    /** How webhook calls are made: every pipeline's webhook shares these. */
    interface Webhooks {

        /** Calls after the first one; a call that never passes is counted as failed. */
        @WithDefault("5")
        @Min(0)
        int maxRetries();

        @WithDefault("1s")
        @DurationMin(millis = 1)
        Duration initialBackoff();

        @WithDefault("30s")
        @DurationMin(millis = 1)
        Duration maxBackoff();

        /** Time for one call (connect and answer). */
        @WithDefault("10s")
        @DurationMin(millis = 1)
        Duration timeout();

        /** Notifications waiting or in flight at most; more are dropped and counted as failed. */
        @WithDefault("1000")
        @Min(1)
        int maxPending();
    }

    interface TopicNames {

        @WithDefault(Topics.COMPLETIONS)
        String completions();

        @WithDefault(Topics.MARKERS)
        String markers();

        /** Completions that can never get a marker (docs/design.md §5), with the {@code cairn-error-*} headers. */
        @WithDefault(Topics.MARKERS_DLQ)
        String markersDlq();
    }

    interface Retry {

        /** First pause after a failed S3 or Kafka call; doubles per failure up to {@link #maxBackoff()}. */
        @WithDefault("100ms")
        @DurationMin(millis = 1)
        Duration initialBackoff();

        @WithDefault("5s")
        @DurationMin(millis = 1)
        Duration maxBackoff();
    }

    interface Retention {

        /** Runs the sweep every {@link #every()}. Off by default. */
        @WithDefault("false")
        boolean enabled();

        /** Folders whose timestamp is older than this many days are deleted. Required when enabled. */
        @Min(1)
        OptionalInt days();

        /** Only log and report what the scheduled sweep would delete. */
        @WithDefault("false")
        boolean dryRun();

        @WithDefault("1h")
        @DurationMin(seconds = 1)
        Duration every();

        @AssertTrue(
                message = "is missing: cairn.marker.retention.enabled=true needs cairn.marker.retention.days "
                        + "(env CAIRN_MARKER_RETENTION_DAYS): folders older than how many days should be deleted?")
        default boolean isDaysSetWhenEnabled() {
            return !enabled() || days().isPresent();
        }
    }

    /** The S3 lifecycle rule of the markers document, applied by {@code POST /api/v1/markers/lifecycle}. */
    interface Lifecycle {

        @WithDefault("completion-markers-lifecycle")
        String ruleId();

        @WithDefault("completion_markers/")
        String prefix();

        /** S3 moves objects to Standard-IA 30 days after creation at the earliest. */
        @WithDefault("30")
        @Min(30)
        int standardIaDays();

        @WithDefault("90")
        int glacierDays();

        @WithDefault("365")
        int expirationDays();

        @AssertTrue(message = "must be more than cairn.marker.lifecycle.standard-ia-days")
        default boolean isGlacierDaysAfterStandardIa() {
            return glacierDays() > standardIaDays();
        }

        @AssertTrue(message = "must be more than cairn.marker.lifecycle.glacier-days")
        default boolean isExpirationDaysAfterGlacier() {
            return expirationDays() > glacierDays();
        }
    }
}
