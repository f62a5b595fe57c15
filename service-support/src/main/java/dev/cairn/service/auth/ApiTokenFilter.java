package dev.cairn.service.auth;

import dev.cairn.service.error.ErrorResponses;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <token>} on every {@code /api} call once tokens are configured
 * ({@code cairn.auth.tokens}); {@code /q/*} (health, metrics, OpenAPI) stays open. In the {@code prod} profile the
 * service refuses to start with no tokens unless {@code cairn.auth.disabled=true} ({@link ApiTokens}). Static opaque
 * tokens have no Quarkus extension (smallrye-jwt is for signed JWTs), hence this small filter.
 */
@ApplicationScoped
public class ApiTokenFilter {

    static final String API_PATHS = "/api";

    private final ApiTokens tokens;

    ApiTokenFilter(AuthConfig config) {
        this.tokens = ApiTokens.from(config);
    }

    void checkAtStartup(@Observes StartupEvent event) {
        tokens.requireConfiguredIn(LaunchMode.current() == LaunchMode.NORMAL
                && ConfigUtils.getProfiles().contains("prod"));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireToken(ContainerRequestContext request) {
        if (!tokens.enforced() || !request.getUriInfo().getPath().startsWith(API_PATHS)) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null
                && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && tokens.accepts(header.substring(7).trim())) {
            return Optional.empty();
        }
        String message =
                header == null ? "this API needs 'Authorization: Bearer <token>'" : "the bearer token is not valid";
        return Optional.of(Response.fromResponse(ErrorResponses.of(401, "unauthorized", message))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cairn\"")
                .build());
    }
}
