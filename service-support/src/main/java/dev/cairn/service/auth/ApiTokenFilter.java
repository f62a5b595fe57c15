package dev.cairn.service.auth;

import dev.cairn.service.error.ErrorResponses;
import dev.cairn.service.error.ProblemDetail;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bearer-token auth for every Cairn service, in two steps:
 *
 * <ol>
 *   <li><b>Who</b>: a Vert.x filter in front of every route (REST, OpenAPI, Swagger UI, anything added later) answers
 *       401 unless the request carries one valid token; only the paths of {@link OpenPaths} (health, metrics,
 *       OpenAPI) are open, matched on the raw path exactly, so {@code //api}, {@code /;x/api}, {@code %61pi} or
 *       {@code /x/../api} are just more paths that need a token.
 *   <li><b>May they</b>: a REST filter compares the token's {@link Scope} with the route's {@link RequiresScope}
 *       (default: {@code read} for GET/HEAD, {@code admin} otherwise) and answers 403 naming the missing scope; every
 *       allowed write is logged with the token's name.
 * </ol>
 *
 * Static opaque tokens have no Quarkus extension (smallrye-jwt is for signed JWTs), hence these small filters. The
 * start-up rules are {@link ApiTokens}'.
 */
@ApplicationScoped
public class ApiTokenFilter {

    private static final Logger LOG = Logger.getLogger(ApiTokenFilter.class);
    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    /** Runs before Quarkus' own filters (CORS 300 is not used by Cairn) and before the body is read. */
    static final int PRIORITY = 500;

    private final ApiTokens tokens;
    private final Map<Method, Scope> required = new ConcurrentHashMap<>();

    ApiTokenFilter(AuthConfig config) {
        this.tokens = ApiTokens.from(config);
    }

    void checkAtStartup(@Observes StartupEvent event) {
        tokens.requireConfiguredIn(!ConfigUtils.getProfiles().contains("test"));
        if (tokens.legacyCount() > 0) {
            LOG.warnf(
                    "cairn.auth.tokens has %d bare token(s), read as admin tokens named legacy-<n>: this form is "
                            + "deprecated, use name:scope:token",
                    tokens.legacyCount());
        }
        if (tokens.enforced()) {
            LOG.info(tokens.describe());
        } else {
            LOG.warn(tokens.describe());
        }
    }

    void register(@Observes Filters filters) {
        filters.register(this::authenticate, PRIORITY);
    }

    void authenticate(RoutingContext ctx) {
        if (!tokens.enforced() || OpenPaths.isOpen(ctx.request().path())) {
            ctx.next();
            return;
        }
        ApiTokens.Authentication auth =
                tokens.authenticate(ctx.request().headers().getAll(HttpHeaders.AUTHORIZATION));
        if (auth.token().isPresent()) {
            ctx.next();
            return;
        }
        ctx.response()
                .setStatusCode(401)
                .putHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cairn\"")
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemDetail.MEDIA_TYPE)
                .end(ErrorResponses.json(401, "unauthorized", auth.refusal()));
    }

    @ServerRequestFilter
    public Optional<Response> requireScope(ContainerRequestContext request, ResourceInfo resource) {
        if (!tokens.enforced()) {
            return Optional.empty();
        }
        ApiTokens.Authentication auth = tokens.authenticate(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        if (auth.token().isEmpty()) {
            return Optional.of(Response.fromResponse(ErrorResponses.of(401, "unauthorized", auth.refusal()))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cairn\"")
                    .build());
        }
        ApiToken token = auth.token().get();
        Scope needed = required.computeIfAbsent(resource.getResourceMethod(), m -> requiredScope(m, request));
        String route = request.getMethod() + " " + request.getUriInfo().getPath();
        if (!token.scope().includes(needed)) {
            LOG.infof(
                    "refused %s to token '%s' (%s): needs %s",
                    route, token.name(), token.scope().label(), needed.label());
            return Optional.of(Response.fromResponse(ErrorResponses.of(
                            403,
                            "insufficient_scope",
                            "this call needs scope '" + needed.label() + "'; token '" + token.name() + "' has '"
                                    + token.scope().label() + "'"))
                    .header(
                            HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer realm=\"cairn\", error=\"insufficient_scope\", scope=\"" + needed.label() + "\"")
                    .build());
        }
        if (!READS.contains(request.getMethod())) {
            LOG.infof(
                    "%s by token '%s' (%s)", route, token.name(), token.scope().label());
        }
        return Optional.empty();
    }

    /** The route's {@link RequiresScope} (method, then class), else read for GET/HEAD/OPTIONS and admin otherwise. */
    static Scope requiredScope(Method method, ContainerRequestContext request) {
        RequiresScope onMethod = method.getAnnotation(RequiresScope.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        RequiresScope onClass = method.getDeclaringClass().getAnnotation(RequiresScope.class);
        if (onClass != null) {
            return onClass.value();
        }
        return READS.contains(request.getMethod()) ? Scope.READ : Scope.ADMIN;
    }

    /** For tests: the scopes in force, by token name. */
    List<ApiToken> tokens() {
        return tokens.tokens();
    }
}
