package dev.cairn.service.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do (docs/design.md §8): {@code read} the GET endpoints, plans and config lists; {@code emit} also stage
 * events; {@code admin} everything (resets, pipeline declarations, retention, lifecycle, scans, imports). Each scope
 * includes the ones before it.
 */
public enum Scope {
    READ,
    EMIT,
    ADMIN;

    /** Whether a token of this scope may call a route that requires {@code required}. */
    public boolean includes(Scope required) {
        return compareTo(required) >= 0;
    }

    /** The scope as configured and reported: {@code read}, {@code emit}, {@code admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Scope> parse(String text) {
        for (Scope s : values()) {
            if (s.label().equals(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
