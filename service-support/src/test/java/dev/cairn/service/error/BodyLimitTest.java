package dev.cairn.service.error;

import static dev.cairn.service.ServiceSupportTests.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.devstack.hostile.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Arrays;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A body over {@code quarkus.http.limits.max-body-size} (64 KiB here) is a 413 with the problem body, not an empty one. */
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
}
