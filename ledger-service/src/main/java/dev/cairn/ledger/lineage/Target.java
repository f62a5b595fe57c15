package dev.cairn.ledger.lineage;

/**
 * Where a RunEvent belongs in Cairn, and what said so: {@code field(name)} names where each value came from, so that a
 * problem with it points at the RunEvent ({@code run.facets.cairn.project}) or at the rule that made it
 * ({@code cairn.ledger.lineage.rules.<pipeline>.project}).
 */
record Target(String pipeline, String project, String configId, String stage, String mappedBy, String fieldPrefix) {

    static final String CAIRN_FACET = "cairn facet";

    /** Where the value of the StageEvent field {@code name} (pipeline, project, config_id, stage) came from. */
    String field(String name) {
        return fieldPrefix + name;
    }
}
