package dev.cairn.contracts;

/** Default topic names of docs/design.md §3. Every topic name is configurable in the services; these are the defaults. */
public final class Topics {

    public static final String STAGE_EVENTS = "cairn.stage-events";
    public static final String STAGE_EVENTS_DLQ = "cairn.stage-events.dlq";
    public static final String COMPLETIONS = "cairn.completions";
    public static final String MARKERS = "cairn.markers";
    public static final String MARKERS_DLQ = "cairn.markers.dlq";
    /** Item statuses of runs (key: the run id), consumed by the ledger like {@code POST /api/v1/runs/{id}/items}. */
    public static final String ITEM_EVENTS = "cairn.item-events";

    public static final String ITEM_EVENTS_DLQ = "cairn.item-events.dlq";
    /** OpenLineage RunEvents in (OpenLineage's Kafka transport), mapped by the ledger to stage events. */
    public static final String OPENLINEAGE = "cairn.openlineage";

    /** DLQ headers (docs/design.md §3). */
    public static final String HEADER_ERROR_CODE = "cairn-error-code";

    public static final String HEADER_ERROR_DETAIL = "cairn-error-detail";
    public static final String HEADER_SOURCE_TOPIC = "cairn-source-topic";
    public static final String HEADER_SOURCE_PARTITION = "cairn-source-partition";
    public static final String HEADER_SOURCE_OFFSET = "cairn-source-offset";
    /** On a DLQ copy truncated because the full one was refused: the original value's size in bytes. */
    public static final String HEADER_ORIGINAL_SIZE = "cairn-original-size";

    private Topics() {}

    /** The Kafka key of every Cairn topic: {@code {pipeline}/{project}/{config_id}}. */
    public static String key(String pipeline, String project, String configId) {
        return pipeline + '/' + project + '/' + configId;
    }
}
