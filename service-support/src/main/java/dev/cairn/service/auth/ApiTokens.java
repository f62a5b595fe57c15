package dev.cairn.service.auth;

import dev.cairn.contracts.Names;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configured tokens ({@code cairn.auth.tokens}) and their rules, as a plain class so that they are tested without
 * a running service; {@link ApiTokenFilter} applies them to requests.
 *
 * <ul>
 *   <li>An entry is {@code name:scope:token} ({@link Scope}); a bare {@code token} is the deprecated form, read as
 *       {@code admin} and named {@code legacy-<n>} ({@link #legacyCount()}, warned about at start).
 *   <li>A token is at least {@value #MIN_LENGTH} characters and no known placeholder; a bad entry stops start-up in
 *       every profile, naming the entry's position and name, never its value.
 *   <li>Every profile but {@code test} refuses to start with no token unless {@code cairn.auth.disabled=true}.
 *   <li>A request carries exactly one {@code Authorization: Bearer <token>} header (scheme case-insensitive); the
 *       token's SHA-256 is compared with every configured one in constant time.
 * </ul>
 */
public final class ApiTokens {

    public static final int MIN_LENGTH = 16;
    static final List<String> PLACEHOLDERS = List.of("change-me", "changeme", "change_me", "changeit", "secret");
    private static final Pattern BEARER = Pattern.compile("(?i)bearer +([\\x21-\\x7e]+) *");

    private final List<ApiToken> tokens;
    private final boolean disabled;
    private final int legacy;

    public ApiTokens(Optional<List<String>> entries, boolean disabled) {
        List<ApiToken> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int legacyCount = 0;
        List<String> list = entries.orElse(List.of());
        for (int i = 0; i < list.size(); i++) {
            String entry = list.get(i).trim();
            if (entry.isEmpty()) {
                continue;
            }
            ApiToken token = parse(entry, i + 1, legacyCount + 1);
            if (!names.add(token.name())) {
                throw invalid(i + 1, "the name '" + token.name() + "' is used twice");
            }
            legacyCount += entry.indexOf(':') < 0 ? 1 : 0;
            parsed.add(token);
        }
        this.tokens = List.copyOf(parsed);
        this.disabled = disabled;
        this.legacy = legacyCount;
    }

    /**
     * The secret of the first entry of {@code cairn.auth.tokens} ({@code name:scope:token} or a bare token): what a
     * service sends to another Cairn service when no token of its own is configured for it (one shared list, as in
     * docker-compose.yml).
     */
    public static Optional<String> firstSecret(AuthConfig config) {
        return config.tokens()
                .flatMap(list -> list.stream()
                        .map(String::strip)
                        .filter(e -> !e.isEmpty())
                        .findFirst())
                .map(ApiTokens::secretOf);
    }

    /** The token of an entry: the part after {@code name:scope:}, or the entry itself when it is a bare token. */
    static String secretOf(String entry) {
        String[] parts = entry.split(":", 3);
        return parts.length == 3 ? parts[2] : entry;
    }

    static ApiTokens from(AuthConfig config) {
        return new ApiTokens(config.tokens(), config.disabled());
    }

    private static ApiToken parse(String entry, int position, int legacyNumber) {
        if (entry.indexOf(':') < 0) {
            return token("legacy-" + legacyNumber, Scope.ADMIN, entry, position);
        }
        String[] parts = entry.split(":", 3);
        if (parts.length != 3) {
            throw invalid(position, "expected name:scope:token (or a bare token)");
        }
        Optional<String> nameProblem = Names.problem(parts[0]);
        if (nameProblem.isPresent()) {
            throw invalid(position, "the name " + nameProblem.get());
        }
        Scope scope = Scope.parse(parts[1])
                .orElseThrow(() -> invalid(position, "token '" + parts[0] + "': scope must be read, emit or admin"));
        return token(parts[0], scope, parts[2], position);
    }

    private static ApiToken token(String name, Scope scope, String value, int position) {
        if (value.length() < MIN_LENGTH) {
            throw invalid(position, "token '" + name + "' is shorter than " + MIN_LENGTH + " characters");
        }
        if (!value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw invalid(position, "token '" + name + "' has characters outside printable ASCII");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (String placeholder : PLACEHOLDERS) {
            if (lower.contains(placeholder)) {
                throw invalid(position, "token '" + name + "' is a placeholder (contains '" + placeholder + "')");
            }
        }
        return new ApiToken(name, scope, sha256(value));
    }

    private static IllegalStateException invalid(int position, String why) {
        return new IllegalStateException("Invalid cairn.auth.tokens (env CAIRN_AUTH_TOKENS) entry " + position + ": "
                + why + ". Generate tokens with e.g. 'openssl rand -hex 16'.");
    }

    /** Whether requests need a token: tokens are configured and auth is not disabled. */
    public boolean enforced() {
        return !disabled && !tokens.isEmpty();
    }

    public List<ApiToken> tokens() {
        return tokens;
    }

    /** How many entries use the deprecated bare-token form (each is an {@code admin} token). */
    public int legacyCount() {
        return legacy;
    }

    /** The token an {@code Authorization} header list identifies, or why it does not identify one. */
    public Authentication authenticate(List<String> authorizationHeaders) {
        if (authorizationHeaders == null || authorizationHeaders.isEmpty()) {
            return Authentication.refused("this API needs 'Authorization: Bearer <token>'");
        }
        if (authorizationHeaders.size() > 1) {
            return Authentication.refused("send exactly one Authorization header");
        }
        Matcher m = BEARER.matcher(authorizationHeaders.get(0));
        if (!m.matches()) {
            return Authentication.refused("the Authorization header must be 'Bearer <token>'");
        }
        byte[] presented = sha256(m.group(1));
        ApiToken found = null;
        for (ApiToken t : tokens) {
            if (MessageDigest.isEqual(t.digest(), presented)) {
                found = t;
            }
        }
        return found == null ? Authentication.refused("the bearer token is not valid") : Authentication.of(found);
    }

    /** Throws when a service outside the {@code test} profile would run with no token and without auth disabled. */
    public void requireConfiguredIn(boolean production) {
        if (production && tokens.isEmpty() && !disabled) {
            throw new IllegalStateException("No API token configured: set cairn.auth.tokens (env CAIRN_AUTH_TOKENS) "
                    + "to a comma-separated list of name:scope:token entries, or set cairn.auth.disabled=true "
                    + "(env CAIRN_AUTH_DISABLED) to run without authentication on purpose.");
        }
    }

    /** The auth state for the start-up log: never a token's value. */
    public String describe() {
        if (disabled) {
            return "auth DISABLED (cairn.auth.disabled=true): every endpoint is open";
        }
        if (tokens.isEmpty()) {
            return "auth off: no token configured (test profile)";
        }
        return "auth on: " + tokens.size() + " token(s) " + tokens;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The outcome of reading a request's {@code Authorization} header: a token, or the reason there is none. */
    public record Authentication(Optional<ApiToken> token, String refusal) {
        static Authentication of(ApiToken token) {
            return new Authentication(Optional.of(token), null);
        }

        static Authentication refused(String why) {
            return new Authentication(Optional.empty(), why);
        }
    }
}
