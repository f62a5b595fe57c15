package dev.cairn.service.error;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Quarkus answers a body whose {@code Content-Length} is over {@code quarkus.http.limits.max-body-size} with a bare 413
 * and no body, from a route of its own before any resource or exception mapper runs. This route, first on the router,
 * makes the same check and answers with the problem body of every other error ({@code payload_too_large}, naming the
 * limit); a failure handler does the same for a 413 raised while a body without a length is read.
 *
 * <p>Per-route limits below the server's: {@code cairn.http.route-body-limits} lists {@code path-prefix=size}
 * entries (e.g. {@code /api/v1/scans=64K}); the longest prefix of the request's normalised path applies. A
 * {@code Content-Length} over it is refused here, before the body is read; a body without a length (chunked) is cut
 * by the resource that reads it through {@link #read}, so that it never holds more than the limit. Other per-route
 * limits are the services' own ({@link TooLargeException}).
 */
@ApplicationScoped
public class BodyLimitAnswer {

    /** A path prefix and the largest body accepted under it. */
    record RouteLimit(String prefix, long bytes) {}

    private final long limit;
    private final List<RouteLimit> routes;

    BodyLimitAnswer(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit,
            @ConfigProperty(name = "cairn.http.route-body-limits") Optional<List<String>> routes) {
        this.limit = limit.asLongValue();
        this.routes = parse(routes.orElse(List.of()), this.limit);
    }

    static List<RouteLimit> parse(List<String> entries, long serverLimit) {
        MemorySizeConverter sizes = new MemorySizeConverter();
        List<RouteLimit> parsed = new ArrayList<>();
        for (String entry : entries) {
            int eq = entry.lastIndexOf('=');
            String prefix = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException("cairn.http.route-body-limits: '" + entry
                        + "' is not path-prefix=size (a prefix starts with '/', e.g. /api/v1/scans=64K)");
            }
            long bytes = sizes.convert(entry.substring(eq + 1).trim()).asLongValue();
            if (bytes > serverLimit) {
                throw new IllegalArgumentException("cairn.http.route-body-limits: " + prefix + " allows " + bytes
                        + " bytes, more than quarkus.http.limits.max-body-size (" + serverLimit + ")");
            }
            parsed.add(new RouteLimit(prefix, bytes));
        }
        parsed.sort(
                Comparator.comparingInt((RouteLimit r) -> r.prefix().length()).reversed());
        return List.copyOf(parsed);
    }

    /** The largest body accepted on {@code path} (normalised): its route's limit, else the server's. */
    public long limitFor(String path) {
        for (RouteLimit r : routes) {
            if (path.startsWith(r.prefix())) {
                return r.bytes();
            }
        }
        return limit;
    }

    /**
     * The whole of {@code body}, at most {@link #limitFor} {@code path}: a {@link TooLargeException} (413) as soon as
     * one byte more arrives, so a body without a {@code Content-Length} is never held beyond the limit.
     */
    public byte[] read(String path, InputStream body) throws IOException {
        long max = limitFor(path);
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw new TooLargeException(message(max));
        }
        return bytes;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkLength).failureHandler(this::answerFailure);
    }

    void checkLength(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1; // Vert.x' own parser refuses a malformed length
        }
        long max = declared > 0 ? limitFor(ctx.normalizedPath()) : limit;
        if (declared > max) {
            answer(ctx, max);
        } else {
            ctx.next();
        }
    }

    void answerFailure(RoutingContext ctx) {
        if (ctx.statusCode() != 413 || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        answer(ctx, limit);
    }

    private static String message(long max) {
        return "the body is larger than the " + max + " bytes this service accepts on this route";
    }

    private void answer(RoutingContext ctx, long max) {
        ctx.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemDetail.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(ErrorResponses.json(413, "payload_too_large", message(max)));
    }
}
