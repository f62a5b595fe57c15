package dev.cairn.service.error;

import java.util.List;

/** A server Cairn depends on does not implement the operation, e.g. S3 lifecycle rules on S3Proxy (HTTP 501). */
public final class NotSupportedException extends DomainException {

    public NotSupportedException(String code, String message) {
        super(code, message, List.of());
    }
}
