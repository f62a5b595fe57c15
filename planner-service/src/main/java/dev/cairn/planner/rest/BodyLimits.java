package dev.cairn.planner.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.planner.config.PlannerConfig;
import dev.cairn.service.error.ProblemDetail;
import dev.cairn.service.error.TooLargeException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The request-size limits of the plan endpoints ({@code cairn.planner.limits.*}): a body with a larger
 * {@code Content-Length} is refused before it is read, and a chunked body is cut off as soon as it passes the limit;
 * both answer 413 with the limit in the message. (Quarkus' own {@code max-body-size} is set higher, so this message
 * is the one clients see.)
 */
@Singleton
public class BodyLimits {

    static final String PLAN_PATHS = "/api/v1/plan";

    private final int maxBytes;
    private final int maxNames;
    private final ObjectMapper json;

    public BodyLimits(PlannerConfig config, ObjectMapper json) {
        this.maxBytes = config.limits().maxBodyBytes();
        this.maxNames = config.limits().maxNames();
        this.json = json;
    }

    void refuseLargeBodies(@Observes Router router) {
        router.route().order(-10).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && ctx.request().path().startsWith(PLAN_PATHS) && parse(length) > maxBytes) {
                ctx.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, ProblemDetail.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(tooLargeBody());
                return;
            }
            ctx.next();
        });
    }

    int maxNames() {
        return maxNames;
    }

    /** {@code body}, throwing a 413 as soon as more than the limit is read from it. */
    InputStream limit(InputStream body) {
        return new FilterInputStream(body) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) {
                read += n;
                if (read > maxBytes) {
                    throw new TooLargeException(tooLarge());
                }
            }
        };
    }

    int maxBytes() {
        return maxBytes;
    }

    /**
     * The body up to one byte past the limit: longer than {@link #maxBytes()} means the body is over it (the caller
     * refuses it through {@link #limit}).
     */
    byte[] readToLimit(InputStream body) throws IOException {
        return body.readNBytes(Math.min(maxBytes, Integer.MAX_VALUE - 16) + 1);
    }

    /** The whole body, at most the limit. */
    byte[] readAll(InputStream body) throws IOException {
        try (InputStream in = limit(body)) {
            return in.readAllBytes();
        }
    }

    TooLargeException tooManyNames() {
        return new TooLargeException(
                "the request has more than " + maxNames + " project names (the limit per request)");
    }

    private String tooLarge() {
        return "the request body is larger than " + maxBytes + " bytes (" + (maxBytes / (1024 * 1024))
                + " MiB), the limit per request";
    }

    /** The 413 answered before the request reaches JAX-RS (and its error mapping): the same problem format. */
    private String tooLargeBody() {
        try {
            return json.writeValueAsString(ProblemDetail.of(413, "payload_too_large", tooLarge(), List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
