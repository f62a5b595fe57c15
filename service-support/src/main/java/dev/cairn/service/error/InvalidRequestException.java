package dev.cairn.service.error;

import dev.cairn.contracts.Problem;
import java.util.List;

/** The request itself is malformed: a parameter, a body that is no valid request (HTTP 400). */
public final class InvalidRequestException extends DomainException {

    /** A malformed request ({@code bad_request}) whose message says what is wrong. */
    public InvalidRequestException(String message) {
        super("bad_request", message, List.of());
    }

    public InvalidRequestException(String code, String message, List<Problem> problems) {
        super(code, message, problems);
    }
}
