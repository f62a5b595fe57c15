package dev.cairn.service.info;

import static dev.cairn.service.ServiceSupportTests.authorized;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/info} reports the application's name and what the build wrote to cairn-build.properties. */
@QuarkusTest
class InfoResourceTest {

    @Test
    void infoNamesTheServiceItsBuildAndItsJava() {
        authorized()
                .get("/api/v1/info")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("service", equalTo("service-support-test"))
                .body("version", equalTo("1.2.3-test"))
                .body("build_time", equalTo("2026-12-04T10:00:00Z"))
                .body("git_commit", equalTo("0123456789abcdef0123456789abcdef01234567"))
                .body("git_dirty", equalTo(true))
                .body("java", equalTo(System.getProperty("java.version")));
    }
}
