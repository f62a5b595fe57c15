package dev.cairn.service.error;

import dev.cairn.contracts.Problem;
import java.time.Duration;
import java.util.List;

/**
 * The request cannot be answered now but may succeed later: a dependency is down, a view is still loading
 * (HTTP 503 with {@code Retry-After}).
 */
public final class UnavailableException extends DomainException {

    /** The pause suggested when a service names none. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    private final Duration retryAfter;

    public UnavailableException(String code, String message) {
        this(code, message, DEFAULT_RETRY_AFTER);
    }

    public UnavailableException(String code, String message, Duration retryAfter) {
        this(code, message, retryAfter, List.of());
    }

    public UnavailableException(String code, String message, Duration retryAfter, List<Problem> problems) {
        super(code, message, problems);
        this.retryAfter = retryAfter;
    }

    /** How long a client should wait before trying again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
