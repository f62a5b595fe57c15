package dev.cairn.service.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cairn.contracts.Problem;
import java.util.List;
import java.util.Locale;

/**
 * The body of every error answer of every Cairn service, {@value #MEDIA_TYPE}: the problem details of RFC 9457
 * ({@code type}, {@code title}, {@code status}, {@code detail}) plus the members Cairn's clients already read:
 * {@code error} (the stable code), {@code message} (the same sentence as {@code detail}) and {@code problems} (by
 * field; omitted when there are none).
 *
 * <p>{@code type} is {@value #TYPE_BASE}{@code <error>}, an identifier of the problem type (not a page to fetch), and
 * {@code title} is the code in words ({@code not_found} → "Not found"), the same for every occurrence of the type.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "title", "status", "detail", "error", "message", "problems"})
public record ProblemDetail(
        String type, String title, int status, String detail, String error, String message, List<Problem> problems) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://cairn.dev/problems/";

    public static ProblemDetail of(int status, String code, String message, List<Problem> problems) {
        return new ProblemDetail(TYPE_BASE + code, title(code), status, message, code, message, List.copyOf(problems));
    }

    /** {@code not_found} → "Not found", {@code http_418} → "Http 418". */
    static String title(String code) {
        String words = code.replace('_', ' ');
        return words.isEmpty() ? words : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }
}
