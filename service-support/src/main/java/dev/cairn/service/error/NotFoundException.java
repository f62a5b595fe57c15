package dev.cairn.service.error;

import java.util.List;

/** The thing asked for does not exist (HTTP 404, {@code not_found}). */
public final class NotFoundException extends DomainException {

    public NotFoundException(String message) {
        super("not_found", message, List.of());
    }
}
