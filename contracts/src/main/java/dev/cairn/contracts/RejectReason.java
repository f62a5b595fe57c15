package dev.cairn.contracts;

/**
 * Why a stage event was refused. {@link #code()} is the value of the DLQ header {@code cairn-error-code}
 * and of {@code error} in HTTP error bodies.
 */
public enum RejectReason {
    PAYLOAD_TOO_LARGE("payload_too_large"),
    INVALID_JSON("invalid_json"),
    INVALID_EVENT("invalid_event"),
    INVALID_NAME("invalid_name"),
    UNKNOWN_PIPELINE("unknown_pipeline"),
    UNKNOWN_STAGE("unknown_stage"),
    CONFLICTING_DUPLICATE("conflicting_duplicate"),
    /** An item status ({@code cairn.item-events}) for a run the ledger does not know. */
    UNKNOWN_RUN("unknown_run"),
    /** Valid by the schema, yet the store refused it for good (the ledger isolates it and moves on). */
    UNPROCESSABLE("unprocessable");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
