package dev.cairn.service.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The accepted bearer tokens ({@code cairn.auth.tokens}) and the start-up rule: in {@code prod} a service refuses to
 * start with no token unless {@code cairn.auth.disabled=true}. Tokens are compared in constant time. A plain class,
 * so that the rules are tested without a running service; {@link ApiTokenFilter} applies them to requests.
 */
public final class ApiTokens {

    private final List<byte[]> tokens;
    private final boolean disabled;

    public ApiTokens(Optional<List<String>> tokens, boolean disabled) {
        this.tokens = tokens.orElse(List.of()).stream()
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .toList();
        this.disabled = disabled;
    }

    static ApiTokens from(AuthConfig config) {
        return new ApiTokens(config.tokens(), config.disabled());
    }

    /** Whether requests need a token: tokens are configured and auth is not disabled. */
    public boolean enforced() {
        return !disabled && !tokens.isEmpty();
    }

    /** Whether {@code presented} is one of the configured tokens. */
    public boolean accepts(String presented) {
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] t : tokens) {
            ok |= MessageDigest.isEqual(t, p);
        }
        return ok;
    }

    /** Throws when a production service would run without any token and without {@code cairn.auth.disabled}. */
    public void requireConfiguredIn(boolean production) {
        if (production && tokens.isEmpty() && !disabled) {
            throw new IllegalStateException("No API token configured: set cairn.auth.tokens (env CAIRN_AUTH_TOKENS) "
                    + "to a comma-separated list of bearer tokens, or set cairn.auth.disabled=true (env CAIRN_AUTH_DISABLED) "
                    + "to run without authentication on purpose.");
        }
    }
}
