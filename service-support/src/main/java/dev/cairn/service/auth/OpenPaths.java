package dev.cairn.service.auth;

import java.util.regex.Pattern;

/**
 * The only paths served without a token: {@code /q/health} and its checks, {@code /q/metrics}, {@code /q/openapi}.
 * Matched on the raw request path (not decoded, not normalised) and exactly, so anything unusual ({@code //},
 * {@code ;}, {@code %}, {@code ..}, other case) is simply not open.
 */
public final class OpenPaths {

    private static final Pattern OPEN = Pattern.compile("/q/(health(/[a-z]+(/[a-z0-9-]+)?)?|metrics|openapi)");

    private OpenPaths() {}

    public static boolean isOpen(String rawPath) {
        return rawPath != null && OPEN.matcher(rawPath).matches();
    }
}
