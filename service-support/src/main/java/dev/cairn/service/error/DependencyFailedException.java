package dev.cairn.service.error;

import java.util.List;

/** A server Cairn depends on refused the call for good, e.g. S3 answering AccessDenied (HTTP 502). */
public final class DependencyFailedException extends DomainException {

    public DependencyFailedException(String code, String message) {
        super(code, message, List.of());
    }
}
