package dev.cairn.service.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.cairn.contracts.Problem;
import dev.cairn.service.validation.CairnName;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP answers, for every Cairn service: domain exceptions by their kind, Bean
 * Validation violations of parameters and bodies, unreadable JSON, JAX-RS' own errors, and anything unexpected (a 500
 * with an error id in the log, never a stack trace). Every answer is a {@link ProblemDetail}.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    private static final Map<Class<? extends DomainException>, Integer> STATUS = Map.of(
            InvalidRequestException.class, 400,
            ForbiddenException.class, 403,
            NotFoundException.class, 404,
            ConflictException.class, 409,
            TooLargeException.class, 413,
            UnprocessableException.class, 422,
            NotSupportedException.class, 501,
            DependencyFailedException.class, 502,
            UnavailableException.class, 503);

    /** The HTTP status of a kind of domain failure. */
    public static int statusOf(DomainException e) {
        return STATUS.getOrDefault(e.getClass(), 500);
    }

    /** The answer to a domain exception (also for resource-local mappers that translate a library's exception). */
    public static Response toResponse(DomainException e) {
        int status = statusOf(e);
        if (status >= 500) {
            LOG.warnf("answering %d %s: %s", status, e.code(), e.getMessage());
        }
        return ErrorResponses.of(
                status,
                e.code(),
                e.getMessage(),
                e.problems(),
                e instanceof UnavailableException u ? u.retryAfter() : null);
    }

    @ServerExceptionMapper
    public Response domain(DomainException e) {
        return toResponse(e);
    }

    /**
     * A body of the wrong shape for its record ({@code {"stages":[1,2]}}: a number where a name belongs, since scalars are
     * not coerced). Quarkus has a built-in answer for this one that is not in the problem format; this one wins.
     */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return ErrorResponses.of(
                400,
                "invalid_json",
                "the body is not valid JSON: " + e.getOriginalMessage(),
                List.of(new Problem("$", e.getOriginalMessage())),
                null);
    }

    /**
     * Constraint violations of parameters and bodies are the client's (400, {@code invalid_name} when every one is a
     * {@link CairnName}, else {@code bad_request}); of a return value, the server's.
     */
    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        if (e.getConstraintViolations().stream().anyMatch(ErrorMapper::isReturnValue)) {
            return unexpected(e);
        }
        List<Problem> problems = e.getConstraintViolations().stream()
                .map(v -> new Problem(lastNode(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem::field).thenComparing(Problem::message))
                .toList();
        String message = problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
        boolean onlyNames = e.getConstraintViolations().stream()
                .allMatch(v -> v.getConstraintDescriptor().getAnnotation() instanceof CairnName);
        return ErrorResponses.of(400, onlyNames ? "invalid_name" : "bad_request", message, problems, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable); // a body bound to a parameter, refused by Quarkus' Jackson reader
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
        return ErrorResponses.of(status, code, e.getMessage());
    }

    /**
     * A value the database refused as data (SQLState class 22: out of range, invalid text representation, untranslatable
     * character...) is the client's: 422 {@code invalid_data}, never a 500. Anything else from the database is unexpected.
     */
    @ServerExceptionMapper
    public Response database(SQLException e) {
        return dataError(e).orElseGet(() -> unexpected(new IllegalStateException(e)));
    }

    static Optional<Response> dataError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("22")) {
                LOG.infof("refused as data (SQLState %s): %s", sql.getSQLState(), sql.getMessage());
                return Optional.of(ErrorResponses.of(
                        422,
                        "invalid_data",
                        "the database refused a value (SQLState " + sql.getSQLState() + "): "
                                + firstLine(sql.getMessage()),
                        List.of(),
                        null));
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** Anything unexpected: logged with an id, answered without a stack trace (a database data error is 422). */
    @ServerExceptionMapper(priority = Priorities.USER + 1000)
    public Response unexpected(RuntimeException e) {
        Optional<Response> data = dataError(e);
        if (data.isPresent()) {
            return data.get();
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "request failed (error id %s)", id);
        return ErrorResponses.of(
                500, "internal_error", "the request failed on the server; error id " + id + " is in its log");
    }

    private static boolean isReturnValue(ConstraintViolation<?> v) {
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** The parameter or property a violation is about ({@code plan.config_id} → {@code config_id}). */
    private static String lastNode(Path path) {
        String last = null;
        for (Path.Node node : path) {
            last = node.getName();
        }
        return last == null || last.isEmpty() ? "$" : last;
    }
}
