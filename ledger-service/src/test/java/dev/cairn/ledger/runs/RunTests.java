package dev.cairn.ledger.runs;

import static dev.cairn.ledger.LedgerTests.api;
import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.ledger.LedgerTests;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;

/** Builders and calls shared by the runs tests; they speak only HTTP. */
final class RunTests {

    private RunTests() {}

    /** A declared pipeline with stage {@code process}. */
    static String pipeline(String prefix) {
        String pipeline = LedgerTests.unique(prefix);
        LedgerTests.declare(pipeline, "process");
        return pipeline;
    }

    static ObjectNode request(String pipeline, String project, String source, Map<String, Object> options) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("pipeline", pipeline);
        r.put("project", project);
        r.put("stage", "process");
        ObjectNode fp = r.putObject("fingerprint");
        fp.put("source", source);
        fp.set("options", Json.mapper().valueToTree(options));
        return r;
    }

    static ValidatableResponse start(ObjectNode request) {
        return api().body(request.toString()).post("/api/v1/runs").then();
    }

    static String startNew(ObjectNode request) {
        return start(request).statusCode(201).extract().path("run_id");
    }

    static ValidatableResponse items(String runId, String ndjson) {
        return given().header("Authorization", "Bearer " + LedgerTests.TOKEN)
                .contentType("application/x-ndjson")
                .body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/runs/" + runId + "/items")
                .then();
    }

    static String line(String item, String status, String output) {
        ObjectNode l = Json.mapper().createObjectNode();
        l.put("item", item);
        l.put("status", status);
        if (output != null) {
            l.put(status.equals("success") ? "output" : "error", output);
        }
        return l.toString() + "\n";
    }

    /** NDJSON of {@code {item, status, output-or-error}} rows, one {@link #line} each. */
    static String batch(String[][] rows) {
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            b.append(line(r[0], r[1], r[2]));
        }
        return b.toString();
    }

    static Response remaining(String runId, List<String> names, String query) {
        return given().header("Authorization", "Bearer " + LedgerTests.TOKEN)
                .contentType("text/plain; charset=UTF-8")
                .body((String.join("\n", names) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/runs/" + runId + "/remaining" + query);
    }

    static List<String> remainingNames(String runId, List<String> names, String query) {
        String body =
                remaining(runId, names, query).then().statusCode(200).extract().asString();
        return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    }

    static ValidatableResponse finish(String runId, String status) {
        return api().body(Map.of("status", status))
                .post("/api/v1/runs/" + runId + "/finish")
                .then();
    }

    static ValidatableResponse get(String runId) {
        return api().get("/api/v1/runs/" + runId).then().statusCode(200);
    }
}
