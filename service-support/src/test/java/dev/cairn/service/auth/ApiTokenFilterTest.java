package dev.cairn.service.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.cairn.service.error.ProblemDetail;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may call what, as a table: path, the {@code Authorization} header sent (- for none), the status expected. The
 * test application accepts {@code token-a} and {@code token-b}. When scopes arrive, add a column for the token's scopes
 * and rows for each guarded path.
 */
@QuarkusTest
class ApiTokenFilterTest {

    @ParameterizedTest(name = "{0} with \"{1}\" -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/api/v1/info|-|401",
                "/api/v1/info|Bearer token-a|200",
                "/api/v1/info|Bearer token-b|200",
                "/api/v1/info|bearer token-a|200",
                "/api/v1/info|Bearer  token-a |200",
                "/api/v1/info|Bearer token-c|401",
                "/api/v1/info|Bearer token-a2|401",
                "/api/v1/info|Bearer |401",
                "/api/v1/info|Basic dG9rZW4tYQ==|401",
                "/api/v1/info|token-a|401",
                "/api/probe/names/p|-|401",
                "/api/probe/names/p|Bearer token-a|200",
                "/q/health/live|-|200",
                "/q/health/ready|-|200",
                "/q/metrics|-|200",
                "/q/openapi|-|200"
            })
    void accessByPathAndToken(String path, String authorization, int status) {
        RequestSpecification request = given();
        if (!authorization.equals("-")) {
            request.header("Authorization", authorization);
        }
        request.get(path).then().statusCode(status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {"-|this API needs 'Authorization: Bearer <token>'", "Bearer wrong|the bearer token is not valid"})
    void aRefusalSaysWhyInTheProblemFormatAndNamesTheScheme(String authorization, String message) {
        RequestSpecification request = given();
        if (!authorization.equals("-")) {
            request.header("Authorization", authorization);
        }
        request.get("/api/v1/info")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"cairn\"")
                .contentType(ProblemDetail.MEDIA_TYPE)
                .body("error", equalTo("unauthorized"))
                .body("status", equalTo(401))
                .body("detail", equalTo(message));
    }
}
