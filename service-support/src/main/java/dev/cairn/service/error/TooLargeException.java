package dev.cairn.service.error;

import dev.cairn.contracts.Problem;
import java.util.List;

/** The request is larger than a limit, which the message names (HTTP 413, {@code payload_too_large}). */
public final class TooLargeException extends DomainException {

    public TooLargeException(String message) {
        this(message, List.of());
    }

    public TooLargeException(String message, List<Problem> problems) {
        super("payload_too_large", message, problems);
    }
}
