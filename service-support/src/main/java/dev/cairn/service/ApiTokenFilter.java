package dev.cairn.service;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <token>} on every {@code /api} call once tokens are configured
 * ({@code cairn.auth.tokens}); {@code /q/*} (health, metrics, OpenAPI) stays open. In the {@code prod} profile
 * the service refuses to start with no tokens unless {@code cairn.auth.disabled=true}.
 * Static opaque tokens have no Quarkus extension (smallrye-jwt is for signed JWTs), hence this small filter.
 */
@ApplicationScoped
public class ApiTokenFilter {

    private final List<byte[]> tokens;
    private final boolean disabled;

    ApiTokenFilter(AuthConfig config) {
        this.tokens = config.tokens().orElse(List.of()).stream()
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .toList();
        this.disabled = config.disabled();
    }

    void checkAtStartup(@Observes StartupEvent event) {
        boolean prod = LaunchMode.current() == LaunchMode.NORMAL
                && ConfigUtils.getProfiles().contains("prod");
        if (prod && tokens.isEmpty() && !disabled) {
            throw new IllegalStateException("No API token configured: set cairn.auth.tokens (env CAIRN_AUTH_TOKENS) "
                    + "to a comma-separated list of bearer tokens, or set cairn.auth.disabled=true (env CAIRN_AUTH_DISABLED) "
                    + "to run without authentication on purpose.");
        }
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireToken(ContainerRequestContext request) {
        if (disabled || tokens.isEmpty() || !request.getUriInfo().getPath().startsWith("/api")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null
                && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && accepted(header.substring(7).trim())) {
            return Optional.empty();
        }
        String message =
                header == null ? "this API needs 'Authorization: Bearer <token>'" : "the bearer token is not valid";
        return Optional.of(Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cairn\"")
                .type("application/json")
                .entity(ApiError.of("unauthorized", message))
                .build());
    }

    private boolean accepted(String presented) {
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (byte[] t : tokens) {
            ok |= MessageDigest.isEqual(t, p);
        }
        return ok;
    }
}
