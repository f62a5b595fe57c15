package dev.cairn.service;

import dev.cairn.contracts.Problem;
import java.util.List;

/** Thrown by resources and services to answer with a status and an {@link ApiError}; mapped by {@link ApiExceptionMapper}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final ApiError body;

    public ApiException(int status, String error, String message) {
        this(status, new ApiError(error, message, List.of()));
    }

    public ApiException(int status, String error, String message, List<Problem> problems) {
        this(status, new ApiError(error, message, problems));
    }

    public ApiException(int status, ApiError body) {
        super(body.message());
        this.status = status;
        this.body = body;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public int status() {
        return status;
    }

    public ApiError body() {
        return body;
    }
}
