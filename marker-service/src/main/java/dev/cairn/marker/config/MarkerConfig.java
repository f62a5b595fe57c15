package dev.cairn.marker.config;

import dev.cairn.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The marker-service's business settings ({@code cairn.marker.*}); see the service README for each one. */
@ConfigMapping(prefix = "cairn.marker")
public interface MarkerConfig {

    String DEFAULT_TEMPLATE = "completion_markers/{pipeline}/{project}/{timestamp}/";

    /** The bucket of the marker folders (env {@code CAIRN_MARKER_BUCKET}). Required: no default. */
    String bucket();

    /** Folder template of every pipeline without its own {@code pipelines."<name>".template}. */
    @WithDefault(DEFAULT_TEMPLATE)
    String template();

    /** Per-pipeline settings, keyed by pipeline name ({@code cairn.marker.pipelines."us_dw.x".stages=a,b}). */
    Map<String, PipelineMarkers> pipelines();

    TopicNames topics();

    /** How many marker folders are written at the same time (different keys; one key is always in order). */
    @WithDefault("32")
    int concurrency();

    /** {@code auto} probes the bucket once; {@code enabled}/{@code disabled} skip the probe. */
    @WithDefault("auto")
    ConditionalWrites conditionalWrites();

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
    }

    interface TopicNames {

        @WithDefault(Topics.COMPLETIONS)
        String completions();

        @WithDefault(Topics.MARKERS)
        String markers();
    }

    interface Retry {

        /** First pause after a failed S3 or Kafka call; doubles per failure up to {@link #maxBackoff()}. */
        @WithDefault("100ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();
    }

    interface Retention {

        /** Runs the sweep every {@link #every()}. Off by default. */
        @WithDefault("false")
        boolean enabled();

        /** Folders whose timestamp is older than this many days are deleted. Required when enabled. */
        OptionalInt days();

        /** Only log and report what the scheduled sweep would delete. */
        @WithDefault("false")
        boolean dryRun();

        @WithDefault("1h")
        Duration every();
    }

    /** The S3 lifecycle rule of the markers document, applied by {@code POST /api/v1/markers/lifecycle}. */
    interface Lifecycle {

        @WithDefault("completion-markers-lifecycle")
        String ruleId();

        @WithDefault("completion_markers/")
        String prefix();

        @WithDefault("30")
        int standardIaDays();

        @WithDefault("90")
        int glacierDays();

        @WithDefault("365")
        int expirationDays();
    }
}
