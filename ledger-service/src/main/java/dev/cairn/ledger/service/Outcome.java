package dev.cairn.ledger.service;

import dev.cairn.contracts.RejectReason;
import dev.cairn.contracts.StageEvent;

/** What became of one event offered to the ledger. {@code reason} is set when it was refused. */
public record Outcome(StageEvent event, Status status, RejectReason reason, String detail) {

    public enum Status {
        APPLIED,
        DUPLICATE,
        REJECTED
    }

    static Outcome applied(StageEvent e) {
        return new Outcome(e, Status.APPLIED, null, null);
    }

    static Outcome duplicate(StageEvent e) {
        return new Outcome(e, Status.DUPLICATE, null, null);
    }

    static Outcome rejected(StageEvent e, RejectReason reason, String detail) {
        return new Outcome(e, Status.REJECTED, reason, detail);
    }

    public boolean rejected() {
        return status == Status.REJECTED;
    }
}
