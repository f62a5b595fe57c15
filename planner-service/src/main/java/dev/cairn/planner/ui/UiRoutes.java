package dev.cairn.planner.ui;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The dashboard's static files under {@code /ui/} (public: they hold no data; every {@code /api} call they make needs
 * a token) get security headers: a Content-Security-Policy that allows only this origin's scripts (no inline script,
 * no eval), styles and connections, {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer}
 * and no framing. {@code /ui} redirects to {@code /ui/}.
 */
@Singleton
public class UiRoutes {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    void routes(@Observes Router router) {
        // one route for both: Vert.x matches a path with or without its trailing slash alike
        router.route().order(-100).handler(rc -> {
            String path = rc.request().path();
            if (path.equals("/ui")) {
                rc.response().setStatusCode(301).putHeader("Location", "/ui/").end();
                return;
            }
            if (path.startsWith("/ui/")) {
                rc.response()
                        .putHeader("Content-Security-Policy", CSP)
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Referrer-Policy", "no-referrer")
                        .putHeader("X-Frame-Options", "DENY")
                        .putHeader("Cache-Control", "no-cache");
            }
            rc.next();
        });
    }
}
