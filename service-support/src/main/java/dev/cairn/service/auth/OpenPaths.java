package dev.cairn.service.auth;

import java.util.regex.Pattern;

/**
 * The only paths served without a token: {@code /q/health} and its checks, {@code /q/metrics}, {@code /q/openapi},
 * and the dashboard's static files ({@code /ui}, {@code /ui/}, {@code /ui/<name>.html|js|css|png|svg|ico}: the page
 * holds no data and asks for the token itself; every call it makes needs one). Matched on the raw request path (not
 * decoded, not normalised) and exactly, so anything unusual ({@code //}, {@code ;}, {@code %}, {@code ..}, a
 * sub-directory, other case) is simply not open.
 */
public final class OpenPaths {

    private static final Pattern OPEN = Pattern.compile(
            "/q/(health(/[a-z]+(/[a-z0-9-]+)?)?|metrics|openapi)|/ui/?|/ui/[a-z0-9-]+\\.(html|js|css|png|svg|ico)");

    private OpenPaths() {}

    public static boolean isOpen(String rawPath) {
        return rawPath != null && OPEN.matcher(rawPath).matches();
    }
}
