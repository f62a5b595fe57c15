package dev.cairn.service.error;

import dev.cairn.contracts.Problem;
import java.util.List;

/**
 * What a service throws when a request cannot be answered: a stable {@code code} (the {@code error} member of the
 * answer), a sentence, and the problems by field. Services choose the kind of failure by its class (not found,
 * conflict, invalid, ...); {@link ErrorMapper} alone turns the kind into an HTTP status.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidRequestException,
                ForbiddenException,
                NotFoundException,
                ConflictException,
                TooLargeException,
                UnprocessableException,
                NotSupportedException,
                DependencyFailedException,
                UnavailableException {

    private final String code;
    private final transient List<Problem> problems;

    protected DomainException(String code, String message, List<Problem> problems) {
        super(message);
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    /** The stable error code, e.g. {@code not_found}, {@code invalid_event}. */
    public String code() {
        return code;
    }

    /** The problems by field (may be empty). */
    public List<Problem> problems() {
        return problems;
    }
}
