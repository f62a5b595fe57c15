package dev.cairn.cli;

/** Ends a command with a message on stderr and one of the {@link ExitCodes}. */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** A usage or validation error: {@code what} names the flag, field or path that is wrong. */
    public static CliException usage(String what, String problem) {
        return new CliException(ExitCodes.USAGE, what + ": " + problem);
    }

    public static CliException failed(String message) {
        return new CliException(ExitCodes.FAILED, message);
    }

    public static CliException unreachable(String message, Throwable cause) {
        return new CliException(ExitCodes.UNREACHABLE, message, cause);
    }

    public static CliException timeout(String message) {
        return new CliException(ExitCodes.TIMEOUT, message);
    }
}
