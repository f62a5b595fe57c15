package dev.cairn.service.auth;

import static dev.cairn.service.ServiceSupportTests.EMIT_TOKEN;
import static dev.cairn.service.ServiceSupportTests.LEGACY_TOKEN;
import static dev.cairn.service.ServiceSupportTests.READ_TOKEN;
import static dev.cairn.service.ServiceSupportTests.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.devstack.hostile.RawHttp;
import dev.cairn.service.error.ProblemDetail;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may call what, as a table: method and raw path (sent byte for byte, no client normalisation), the {@code
 * Authorization} header lines (- for none; {@code A}, {@code R}, {@code E}, {@code L} stand for the admin, read, emit
 * and legacy tokens; two headers are separated by {@code ;}), and the status expected. The probe's GETs need
 * {@code read}, {@code POST /api/probe/emit} {@code emit}, {@code POST /api/probe/declarations} (no annotation)
 * {@code admin}.
 */
@QuarkusTest
class ApiTokenFilterTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @ParameterizedTest(name = "{0} {1} with \"{2}\" -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GET|/api/v1/info|-|401",
                "GET|/api/v1/info|Bearer A|200",
                "GET|/api/v1/info|Bearer R|200",
                "GET|/api/v1/info|Bearer L|200",
                "GET|/api/v1/info|bearer R|200",
                "GET|/api/v1/info|BEARER  R |200",
                "GET|/api/v1/info|bearer Rx|401",
                "GET|/api/v1/info|Bearer xR|401",
                "GET|/api/v1/info|Bearer token-read-0123456788|401",
                "GET|/api/v1/info|Bearer |401",
                "GET|/api/v1/info|Basic dG9rZW4tYQ==|401",
                "GET|/api/v1/info|R|401",
                "GET|/api/v1/info|Bearer R;Bearer R|401",
                "GET|/api/v1/info|Bearer wrong-token-0000000000;Bearer A|401",
                "GET|//api/v1/info|-|401",
                "GET|/;x/api/v1/info|-|401",
                "GET|/API/v1/info|-|401",
                "GET|/%61pi/v1/info|-|401",
                "GET|/x/../api/v1/info|-|401",
                "GET|/q/../api/v1/info|-|401",
                "GET|/q/health/../../api/v1/info|-|401",
                "GET|/q/health;/../../api/v1/info|-|401",
                "GET|/api/v1/info?/q/health|-|401",
                "GET|/q/swagger-ui|-|401",
                "GET|/q/nonexistent|-|401",
                "GET|/nonexistent|-|401",
                "POST|/api/probe/emit|Bearer R|403",
                "POST|/api/probe/emit|Bearer E|200",
                "POST|/api/probe/emit|Bearer A|200",
                "POST|/api/probe/declarations|Bearer E|403",
                "POST|/api/probe/declarations|Bearer L|400",
                "POST|/api/probe/declarations|Bearer A|400",
                "POST|//api/probe/declarations|Bearer R|403",
                "GET|/q/health|-|200",
                "GET|/q/health/live|-|200",
                "GET|/q/health/ready|-|200",
                "GET|/q/metrics|-|200",
                "GET|/q/openapi|-|200"
            })
    void accessByPathAndToken(String method, String path, String authorization, int status) {
        RawHttp.Answer answer =
                RawHttp.send(port, method + " " + path + " HTTP/1.1" + headers(authorization), body(method));
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        if (status >= 400) {
            assertThat(answer.headers().get("content-type")).startsWith(ProblemDetail.MEDIA_TYPE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "-|this API needs 'Authorization: Bearer <token>'",
                "Bearer wrong-token-0000000000|the bearer token is not valid",
                "Bearer A;Bearer A|send exactly one Authorization header",
                "Token A|the Authorization header must be 'Bearer <token>'"
            })
    void aRefusalSaysWhyInTheProblemFormatAndNamesTheScheme(String authorization, String message) {
        RawHttp.Answer answer = RawHttp.send(port, "GET /api/v1/info HTTP/1.1" + headers(authorization), new byte[0]);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.headers()).containsEntry("www-authenticate", "Bearer realm=\"cairn\"");
        assertThat(answer.headers().get("content-type")).startsWith(ProblemDetail.MEDIA_TYPE);
        assertThat(answer.body()).contains("\"error\":\"unauthorized\"", "\"status\":401", "\"detail\":\"" + message);
    }

    @org.junit.jupiter.api.Test
    void aTokenWithoutTheScopeGets403NamingTheScopeItLacks() {
        RawHttp.Answer answer =
                RawHttp.send(port, "POST /api/probe/declarations HTTP/1.1" + headers("Bearer E"), body("POST"));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.headers().get("content-type")).startsWith(ProblemDetail.MEDIA_TYPE);
        assertThat(answer.headers().get("www-authenticate"))
                .contains("error=\"insufficient_scope\"", "scope=\"admin\"");
        assertThat(answer.body())
                .contains("\"error\":\"insufficient_scope\"")
                .contains("needs scope 'admin'; token 'emitter' has 'emit'")
                .doesNotContain(EMIT_TOKEN);
    }

    static String headers(String authorization) {
        if (authorization.equals("-")) {
            return "\r\nContent-Type: application/json";
        }
        StringBuilder lines = new StringBuilder("\r\nContent-Type: application/json");
        for (String header : authorization.split(";")) {
            lines.append("\r\nAuthorization: ").append(expand(header));
        }
        return lines.toString();
    }

    /** The one-letter stand-ins for the test tokens, as a whole word or glued to other characters. */
    static String expand(String header) {
        String[] parts = header.split(" ", -1);
        String last = parts[parts.length - 1];
        String token = switch (last.replace("x", "")) {
            case "A" -> TOKEN;
            case "R" -> READ_TOKEN;
            case "E" -> EMIT_TOKEN;
            case "L" -> LEGACY_TOKEN;
            default -> null;
        };
        if (token == null) {
            return header;
        }
        parts[parts.length - 1] = last.replace(last.replace("x", ""), token);
        return String.join(" ", parts);
    }

    static byte[] body(String method) {
        return method.equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0];
    }
}
