package dev.cairn.service.error;

import java.util.List;

/** The caller is known but may not do this (HTTP 403, {@code forbidden}). */
public final class ForbiddenException extends DomainException {

    public ForbiddenException(String message) {
        super("forbidden", message, List.of());
    }
}
