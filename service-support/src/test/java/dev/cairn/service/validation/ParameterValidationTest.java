package dev.cairn.service.validation;

import static dev.cairn.service.ServiceSupportTests.authorized;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.cairn.service.error.ProblemDetail;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code @CairnName}, {@code @Min}/{@code @Max} and {@code @NotNull} on query and path parameters and body fields:
 * a 400 whose problems name the parameter as the client sent it, with the rule's reason.
 */
@QuarkusTest
class ParameterValidationTest {

    @Test
    void validParametersPass() {
        authorized()
                .get("/api/probe/names/photogrammetry?config_id=c1&limit=100")
                .then()
                .statusCode(200)
                .body("pipeline", equalTo("photogrammetry"))
                .body("config_id", equalTo("c1"))
                .body("limit", equalTo(100));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/api/probe/names/x!y|pipeline|may contain only|invalid_name",
                "/api/probe/names/p?config_id=a/b|config_id|contains '/'|invalid_name",
                "/api/probe/names/p?limit=0|limit|must be greater than or equal to 1|bad_request",
                "/api/probe/names/p?limit=101|limit|must be less than or equal to 100|bad_request",
                "/api/probe/required|pipeline|must not be null|bad_request",
                "/api/probe/required?pipeline=.hidden|pipeline|must start with a letter or digit|invalid_name"
            })
    void anInvalidParameterIsA400NamingIt(String path, String field, String reason, String code) {
        authorized()
                .get(path)
                .then()
                .statusCode(400)
                .contentType(ProblemDetail.MEDIA_TYPE)
                .body("error", equalTo(code))
                .body("problems[0].field", equalTo(field))
                .body("problems[0].message", containsString(reason))
                .body("detail", containsString(field + ": "));
    }

    @Test
    void aNameLongerThanTheRuleIsRefusedWithItsLength() {
        authorized()
                .get("/api/probe/names/p?config_id=" + "x".repeat(201))
                .then()
                .statusCode(400)
                .body("problems[0].message", containsString("201 characters"));
    }

    @Test
    void bodyFieldsAndListElementsAreCheckedToo() {
        authorized()
                .contentType("application/json")
                .body("{\"pipeline\": \"a/b\", \"config_id\": \"-c\", \"stages\": [\"ok\", \"not ok\"]}")
                .post("/api/probe/declarations")
                .then()
                .statusCode(400)
                .body("problems.field", hasItems("pipeline", "config_id"))
                .body("problems.message", hasItems("contains '/', which would change the S3 key or Kafka key layout"))
                .body("problems.size()", equalTo(3));
    }
}
