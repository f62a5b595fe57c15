package dev.cairn.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.contracts.Problem;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps errors to JSON {@link ApiError} bodies, so clients never see an HTML page or a stack trace. */
public class ApiExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return json(e.status(), e.body());
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return json(
                400,
                new ApiError(
                        "invalid_json",
                        "the body is not valid JSON: " + e.getOriginalMessage(),
                        List.of(new Problem("$", e.getOriginalMessage()))));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem> problems = e.getConstraintViolations().stream()
                .map(v -> new Problem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem::field))
                .toList();
        return json(400, new ApiError("bad_request", "the request is invalid", problems));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
        return json(status, ApiError.of(code, e.getMessage()));
    }

    /** Anything unexpected: logged with an id, answered as JSON without a stack trace. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e) {
        String id = java.util.UUID.randomUUID().toString();
        LOG.errorf(e, "request failed (error id %s)", id);
        return json(
                500,
                ApiError.of("internal_error", "the request failed on the server; error id " + id + " is in its log"));
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    static Response json(int status, ApiError body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }
}
