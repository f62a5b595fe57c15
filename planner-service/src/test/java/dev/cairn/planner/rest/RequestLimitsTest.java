package dev.cairn.planner.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.cairn.devstack.CairnDevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Request bodies over 16 MiB or 1,000,000 names are refused with 413 and the limit in the message. */
@QuarkusTest
@QuarkusTestResource(value = CairnDevStackResource.class, initArgs = @ResourceArg(name = "services", value = "kafka"))
class RequestLimitsTest {

    static final int MAX_BYTES = 16 * 1024 * 1024;

    @TestHTTPResource("/api/v1/plan")
    URI planUri;

    @Test
    void moreThanAMillionNamesIs413() {
        StringBuilder body = new StringBuilder(12_000_000).append("{\"pipeline\":\"p\",\"projects\":[");
        for (int i = 0; i <= 1_000_000; i++) {
            body.append(i == 0 ? "" : ",").append("\"p").append(i).append('"');
        }
        body.append("]}");
        assertThat(body.length()).isLessThan(MAX_BYTES);
        given().contentType("application/json")
                .body(body.toString())
                .post("/api/v1/plan")
                .then()
                .statusCode(413)
                .body("error", equalTo("payload_too_large"))
                .body("message", containsString("more than 1000000 project names"));
    }

    @Test
    void aConfigListOfMoreThanAMillionEntriesIs413() {
        String list = "m.yaml\n".repeat(1_000_001);
        given().contentType("text/plain")
                .body(list)
                .queryParam("pipeline", "p")
                .post("/api/v1/plan/config-list")
                .then()
                .statusCode(413)
                .body("message", containsString("more than 1000000 entries"));
    }

    @Test
    void aDeclaredBodyOver16MiBIs413BeforeItIsRead() {
        byte[] body = new byte[MAX_BYTES + 1];
        Arrays.fill(body, (byte) ' ');
        given().contentType("text/plain")
                .body(body)
                .queryParam("pipeline", "p")
                .post("/api/v1/plan/config-list")
                .then()
                .statusCode(413)
                .body("message", containsString("larger than 16777216 bytes (16 MiB)"));
    }

    @Test
    void aChunkedBodyOver16MiBIs413() throws Exception {
        byte[] body = new byte[MAX_BYTES + 4096];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        HttpRequest request = HttpRequest.newBuilder(planUri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than 16777216 bytes");
    }

    @Test
    void aBodyJustUnderTheLimitIsRead() {
        String padding = " ".repeat(MAX_BYTES - 64);
        given().contentType("application/json")
                .body("{\"pipeline\":\"p\",\"projects\":[\"m1\"]}" + padding)
                .post("/api/v1/plan")
                .then()
                .statusCode(200)
                .body("summary.requested", equalTo(1));
    }
}
