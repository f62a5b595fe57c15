package dev.cairn.service.error;

import dev.cairn.contracts.Problem;
import java.util.List;

/**
 * The request is well-formed but breaks a rule of the domain: an invalid event, an undeclared pipeline, an unknown
 * bucket (HTTP 422).
 */
public final class UnprocessableException extends DomainException {

    public UnprocessableException(String code, String message, List<Problem> problems) {
        super(code, message, problems);
    }
}
