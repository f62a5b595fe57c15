package dev.cairn.service.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;

/**
 * Builds every error answer: a {@link ProblemDetail} body as {@value ProblemDetail#MEDIA_TYPE}, and on every 503 a
 * {@code Retry-After} in whole seconds (at least 1). Used by {@link ErrorMapper} and by the filters that answer
 * before a resource runs.
 */
public final class ErrorResponses {

    private ErrorResponses() {}

    public static Response of(int status, String code, String message) {
        return of(status, code, message, List.of(), null);
    }

    /** {@code retryAfter} is used on a 503 only; null there means {@link UnavailableException#DEFAULT_RETRY_AFTER}. */
    public static Response of(int status, String code, String message, List<Problem> problems, Duration retryAfter) {
        Response.ResponseBuilder answer = Response.status(status)
                .type(ProblemDetail.MEDIA_TYPE)
                .entity(ProblemDetail.of(status, code, message, problems));
        if (status == 503) {
            answer.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
        }
        return answer.build();
    }

    /** The body of {@link #of(int, String, String)} as JSON text, for handlers that answer outside JAX-RS. */
    public static String json(int status, String code, String message) {
        try {
            return Json.mapper().writeValueAsString(ProblemDetail.of(status, code, message, List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem detail is always writable", e);
        }
    }

    static long retryAfterSeconds(Duration retryAfter) {
        Duration pause = retryAfter == null ? UnavailableException.DEFAULT_RETRY_AFTER : retryAfter;
        return Math.max(1, (pause.toMillis() + 999) / 1000);
    }
}
