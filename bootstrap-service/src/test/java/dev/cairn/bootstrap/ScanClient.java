package dev.cairn.bootstrap;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The scan API as a test uses it. */
public final class ScanClient {

    private ScanClient() {}

    /** Posts {@code body} and returns the new scan's id (202). */
    public static String start(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/scans")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    public static JsonPath scan(String id) {
        return given().get("/api/v1/scans/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Waits until the scan has ended and returns it. */
    public static JsonPath awaitEnd(String id, Duration atMost) {
        Set<String> ended = Set.of("completed", "completed_with_problems", "failed", "cancelled");
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ended.contains(scan(id).getString("state")));
        return scan(id);
    }

    /** The scan's JSON Lines entries, parsed. */
    public static List<JsonNode> entries(String id) throws Exception {
        String body = given().get("/api/v1/scans/" + id + "/entries")
                .then()
                .statusCode(200)
                .contentType("application/x-ndjson")
                .extract()
                .asString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.mapper().readTree(line));
            }
        }
        return lines;
    }
}
