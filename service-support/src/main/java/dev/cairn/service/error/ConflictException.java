package dev.cairn.service.error;

import dev.cairn.contracts.Problem;
import java.util.List;

/**
 * The request contradicts the current state: a declared stage order, a scan that has ended, another payload under
 * the same event id (HTTP 409).
 */
public final class ConflictException extends DomainException {

    public ConflictException(String code, String message) {
        super(code, message, List.of());
    }

    public ConflictException(String code, String message, List<Problem> problems) {
        super(code, message, problems);
    }
}
