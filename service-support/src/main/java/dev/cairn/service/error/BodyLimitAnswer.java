package dev.cairn.service.error;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Quarkus answers a body whose {@code Content-Length} is over {@code quarkus.http.limits.max-body-size} with a bare 413
 * and no body, from a route of its own before any resource or exception mapper runs. This route, first on the router,
 * makes the same check and answers with the problem body of every other error ({@code payload_too_large}, naming the
 * limit); a failure handler does the same for a 413 raised while a body without a length is read. Per-route limits
 * below it are the services' own ({@link TooLargeException}).
 */
@ApplicationScoped
public class BodyLimitAnswer {

    private final long limit;

    BodyLimitAnswer(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        this.limit = limit.asLongValue();
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
        if (declared > limit) {
            answer(ctx);
        } else {
            ctx.next();
        }
    }

    void answerFailure(RoutingContext ctx) {
        if (ctx.statusCode() != 413 || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        answer(ctx);
    }

    private void answer(RoutingContext ctx) {
        ctx.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemDetail.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(ErrorResponses.json(
                        413,
                        "payload_too_large",
                        "the body is larger than the " + limit + " bytes this service accepts"));
    }
}
