package dev.cairn.bootstrap.store;

/** A scan stops before its end: cancelled by a user, or this instance is shutting down (the scan resumes elsewhere or later). */
public class ScanStopped extends RuntimeException {

    public enum Why {
        CANCELLED,
        SHUTDOWN
    }

    private final Why why;

    public ScanStopped(Why why, String message) {
        super(message, null, false, false);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
