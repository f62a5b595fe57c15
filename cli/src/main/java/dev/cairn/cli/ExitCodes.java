package dev.cairn.cli;

/** The exit codes of every {@code cairn} command. */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /** The thing asked about failed: a stage failed, a backup was refused, no record exists. */
    public static final int FAILED = 1;
    /** A usage or validation error; the message names the bad flag, field or path. */
    public static final int USAGE = 2;
    /** Cairn (ledger, planner, Kafka) or S3 could not be reached, after retries. */
    public static final int UNREACHABLE = 3;
    /** A wait ran out of time. */
    public static final int TIMEOUT = 4;

    private ExitCodes() {}
}
