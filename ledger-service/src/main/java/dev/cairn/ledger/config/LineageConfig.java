package dev.cairn.ledger.config;

import dev.cairn.contracts.Topics;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;

/**
 * OpenLineage RunEvents in ({@code cairn.ledger.lineage.*}): the Kafka topic and group, how much of the facets is kept
 * in a mapped event's attributes, and the per-pipeline mapping rules used when a RunEvent has no {@code cairn} facet.
 */
public interface LineageConfig {

    /** The OpenLineage topic ({@code mp.messaging.incoming.openlineage.topic} is set from it). */
    @WithDefault(Topics.OPENLINEAGE)
    @NotBlank
    String topic();

    /** Its consumer group: its own, so that it never rebalances the stage-events consumers (and the barrier's group). */
    @WithDefault("cairn-ledger-openlineage")
    @NotBlank
    String consumerGroup();

    /** A facet whose JSON is longer is kept as {@code {"_cairn_omitted_bytes": N}} in the attributes. */
    @WithDefault("8192")
    @Min(64)
    @Max(65536)
    int maxFacetBytes();

    /** All facets of one event together: facets past this budget (in name order) are kept as omitted too. */
    @WithDefault("65536")
    @Min(64)
    @Max(200000)
    int maxFacetsBytes();

    /** Distinct (namespace, job) pairs counted by name in {@code cairn_ledger_lineage_unmapped_total}; others go to {@code _other}. */
    @WithDefault("100")
    @Min(1)
    @Max(10000)
    int maxTrackedJobs();

    /** Mapping rules by pipeline name: {@code cairn.ledger.lineage.rules.<pipeline>.*}. */
    Map<String, Rule> rules();

    /**
     * A rule maps a RunEvent to a stage of {@code <pipeline>} when both patterns match the whole job namespace and
     * name (RE2/J, linear time). The three templates may use {@code {group}} (a named group of either pattern) and
     * {@code {run.facets.x.y}} / {@code {job.facets.x.y}} (a text or number in the event's facets).
     */
    interface Rule {
        /** Pattern over {@code job.namespace}. */
        @WithDefault(".*")
        String namespace();

        /** Pattern over {@code job.name}. */
        String job();

        @WithDefault("{project}")
        String project();

        @WithDefault("{stage}")
        String stage();

        @WithDefault("default")
        String configId();
    }
}
