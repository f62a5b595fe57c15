package dev.cairn.service.error;

import static dev.cairn.service.ServiceSupportTests.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.devstack.hostile.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A body over {@code quarkus.http.limits.max-body-size} (64 KiB here) is a 413 with the problem body, not an empty one;
 * a route of {@code cairn.http.route-body-limits} (1 KiB here) has its own smaller limit, with or without a length.
 */
@QuarkusTest
class BodyLimitTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void aBodyOverTheServersLimitGetsA413InTheProblemFormat() {
        byte[] body = new byte[200 * 1024];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        RawHttp.Answer answer = RawHttp.send(
                port,
                "POST /api/probe/declarations HTTP/1.1\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nContent-Type: application/json",
                body);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.headers().get("content-type")).startsWith(ProblemDetail.MEDIA_TYPE);
        assertThat(answer.body()).contains("\"error\":\"payload_too_large\"", "65536 bytes");
    }

    RawHttp.Answer small(String path, int size, boolean chunked) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        return RawHttp.send(
                port,
                "POST " + path + " HTTP/1.1\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Type: text/plain"
                        + (chunked ? "\r\nTransfer-Encoding: chunked" : ""),
                body);
    }

    @Test
    void aRouteLimitRefusesALargerBodyWithOrWithoutALength() {
        assertThat(small("/api/probe/small", 1024, false).body()).isEqualTo("1024");
        assertThat(small("/api/probe/small", 1024, true).body()).isEqualTo("1024");
        for (boolean chunked : new boolean[] {false, true}) {
            for (String path : List.of("/api/probe/small", "/api/probe/./small", "/api/x/../probe/small")) {
                RawHttp.Answer answer = small(path, 1025, chunked);
                assertThat(answer.status())
                        .as(path + (chunked ? " chunked" : ""))
                        .isEqualTo(413);
                assertThat(answer.headers().get("content-type")).startsWith(ProblemDetail.MEDIA_TYPE);
                assertThat(answer.body()).contains("\"error\":\"payload_too_large\"", "1024 bytes");
            }
        }
        // a route that does not read its body is refused by its length alone, before anything runs
        assertThat(small("/api/probe/emit", 1024, false).body()).isEqualTo("emitted");
        RawHttp.Answer emit = small("/api/probe/emit", 1025, false);
        assertThat(emit.status()).as(emit.body()).isEqualTo(413);
        assertThat(emit.body()).contains("\"error\":\"payload_too_large\"", "1024 bytes");
        // the other routes keep the server's limit
        RawHttp.Answer declarations = RawHttp.send(
                port,
                "POST /api/probe/declarations HTTP/1.1\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nContent-Type: application/json",
                ("{\"pipeline\":\"p\",\"stages\":[\"" + "a".repeat(150) + "\"]}" + " ".repeat(2000))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(declarations.status()).as(declarations.body()).isEqualTo(200);
    }

    @Test
    void aRouteLimitMustBeAPathPrefixAndWithinTheServersLimit() {
        assertThat(BodyLimitAnswer.parse(List.of("/a=1K", "/a/b=2K"), 4096))
                .containsExactly(
                        new BodyLimitAnswer.RouteLimit("/a/b", 2048), new BodyLimitAnswer.RouteLimit("/a", 1024));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BodyLimitAnswer.parse(List.of("a=1K"), 4096))
                .hasMessageContaining("is not path-prefix=size");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BodyLimitAnswer.parse(List.of("/a=8K"), 4096))
                .hasMessageContaining("more than quarkus.http.limits.max-body-size");
    }
}
