package dev.cairn.service.error;

import static dev.cairn.service.ServiceSupportTests.authorized;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of failure becomes one HTTP status and one body format: RFC 9457 problem details plus Cairn's members. */
@QuarkusTest
class ErrorMapperTest {

    private static ValidatableResponse fail(String kind) {
        return authorized().get("/api/probe/fail/" + kind).then();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "invalid, 400, invalid_thing",
        "forbidden, 403, forbidden",
        "not_found, 404, not_found",
        "conflict, 409, thing_conflict",
        "too_large, 413, payload_too_large",
        "unprocessable, 422, invalid_event",
        "sql_data, 422, invalid_data",
        "not_supported, 501, lifecycle_not_supported",
        "dependency, 502, s3_error",
        "unavailable, 503, s3_unavailable"
    })
    void eachKindOfFailureHasItsStatusAndTheProblemFormat(String kind, int status, String code) {
        fail(kind)
                .statusCode(status)
                .contentType(ProblemDetail.MEDIA_TYPE)
                .body("type", equalTo(ProblemDetail.TYPE_BASE + code))
                .body("title", equalTo(ProblemDetail.title(code)))
                .body("status", equalTo(status))
                .body("error", equalTo(code))
                .body("detail", not(nullValue()))
                .body("message", equalTo(fail(kind).extract().path("detail")));
    }

    @Test
    void problemsByFieldAreKeptAndOmittedWhenThereAreNone() {
        fail("conflict").body("problems[0].field", equalTo("field")).body("problems[0].message", equalTo("is wrong"));
        fail("not_found").body("$", not(hasKey("problems"))).body("title", equalTo("Not found"));
    }

    @Test
    void every503CarriesRetryAfterInWholeSeconds() {
        fail("unavailable").statusCode(503).header("Retry-After", "3");
        fail("unavailable_default").statusCode(503).header("Retry-After", "5");
        fail("dependency").statusCode(502).header("Retry-After", nullValue());
    }

    @Test
    void anUnexpectedFailureIsA500WithAnErrorIdAndNoStackTrace() {
        fail("bug")
                .statusCode(500)
                .contentType(ProblemDetail.MEDIA_TYPE)
                .body("error", equalTo("internal_error"))
                .body("detail", containsString("error id"))
                .body(not(containsString("secret stack trace")))
                .body(not(containsString("IllegalStateException")));
    }

    @Test
    void jaxRsOwnErrorsUseTheSameFormat() {
        authorized()
                .get("/api/probe/nowhere")
                .then()
                .statusCode(404)
                .contentType(ProblemDetail.MEDIA_TYPE)
                .body("error", equalTo("not_found"));
        authorized()
                .delete("/api/probe/required")
                .then()
                .statusCode(405)
                .contentType(ProblemDetail.MEDIA_TYPE)
                .body("error", equalTo("method_not_allowed"));
    }

    @Test
    void unreadableJsonIsA400NamingTheBody() {
        authorized()
                .contentType("application/json")
                .body("{\"pipeline\": ")
                .post("/api/probe/declarations")
                .then()
                .statusCode(400)
                .contentType(ProblemDetail.MEDIA_TYPE)
                .body("error", equalTo("invalid_json"))
                .body("problems[0].field", equalTo("$"));
    }

    @ParameterizedTest(name = "SQLState {0} -> {1}")
    @CsvSource({"22P02, 422", "22003, 422", "40P01, 500", "23505, 500"})
    void aDatabaseDataErrorIsTheClientsAnythingElseFromTheDatabaseIsUnexpected(String state, int status) {
        authorized()
                .get("/api/probe/sql/" + state)
                .then()
                .statusCode(status)
                .contentType(ProblemDetail.MEDIA_TYPE)
                .body("error", equalTo(status == 422 ? "invalid_data" : "internal_error"));
    }

    @org.junit.jupiter.api.Test
    void anotherWrappedDatabaseErrorStaysA500() {
        fail("sql_other").statusCode(500).body("error", equalTo("internal_error"));
    }
}
