package dev.cairn.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.contracts.Problem;
import java.util.List;

/** The JSON body of every error answer: a stable {@code error} code, a sentence, and the problems by field. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String error, String message, List<Problem> problems) {

    public static ApiError of(String error, String message) {
        return new ApiError(error, message, List.of());
    }
}
