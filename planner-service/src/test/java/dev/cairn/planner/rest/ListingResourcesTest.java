package dev.cairn.planner.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.planner.CompletionFixtures;
import dev.cairn.planner.messaging.ViewSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/completion-log} (seed JSONL) and {@code GET /api/v1/remaining}. */
@QuarkusTest
@QuarkusTestResource(value = CairnDevStackResource.class, initArgs = @ResourceArg(name = "services", value = "kafka"))
class ListingResourcesTest {

    static final Instant T0 = Instant.parse("2024-01-15T10:30:00.250Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    String pipeline;

    @Inject
    ViewSync sync;

    @BeforeEach
    void publish() {
        pipeline = CompletionFixtures.uniquePipeline("listing");
        List<String> stages = CompletionFixtures.SEED_STAGES;
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            CompletionFixtures.publish(
                    kafka, CompletionFixtures.state(pipeline, "m1", "default", stages, "postprocess", 2, T0, "wf-b"));
            CompletionFixtures.publish(
                    kafka,
                    CompletionFixtures.state(
                            pipeline, "m2", "default", stages, "metashape", 1, T0.plusSeconds(1), "wf-a"));
            CompletionFixtures.publish(
                    kafka, CompletionFixtures.state(pipeline, "m3", "default", stages, null, 1, T0, "wf-a"));
            CompletionFixtures.publish(
                    kafka, CompletionFixtures.state(pipeline, "m1", "highres", stages, "metashape", 1, T0, "wf-c"));
            kafka.flush();
        }
        sync.awaitView();
    }

    List<JsonNode> log(String configId) throws Exception {
        var request = given().queryParam("pipeline", pipeline);
        if (configId != null) {
            request.queryParam("config_id", configId);
        }
        String body = request.get("/api/v1/completion-log")
                .then()
                .statusCode(200)
                .contentType(containsString("application/jsonl"))
                .header("Cairn-As-Of", containsString("2024"))
                .extract()
                .asString();
        assertThat(body).endsWith("\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            lines.add(Json.mapper().readTree(line));
        }
        return lines;
    }

    @Test
    void completionLogHasTheSeedFieldsInOrder() throws Exception {
        List<JsonNode> lines = log("default");
        assertThat(lines).hasSize(2);
        JsonNode m1 = lines.stream()
                .filter(n -> n.get("project_name").asText().equals("m1"))
                .findFirst()
                .orElseThrow();
        assertThat(Json.mapper().writeValueAsString(m1))
                .isEqualTo("{\"project_name\":\"m1\",\"config_id\":\"default\",\"completion_level\":\"postprocess\","
                        + "\"timestamp\":\"2024-01-15T10:30:00.250Z\",\"workflow_name\":\"wf-b\"}");
        assertThat(lines)
                .extracting(n -> n.get("completion_level").asText())
                .containsExactlyInAnyOrder("postprocess", "metashape");
    }

    @Test
    void completionLogWithoutConfigIdHasEveryConfigId() throws Exception {
        assertThat(log(null))
                .extracting(n -> n.get("config_id").asText() + "/"
                        + n.get("project_name").asText())
                .containsExactlyInAnyOrder("default/m1", "default/m2", "highres/m1");
    }

    @Test
    void completionLogOfAnUnknownPipelineIsEmptyWithAWarning() {
        given().queryParam("pipeline", "nobody-" + pipeline)
                .get("/api/v1/completion-log")
                .then()
                .statusCode(200)
                .header("Cairn-Warning", containsString("has no recorded completion"))
                .body(equalTo(""));
        given().get("/api/v1/completion-log")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("problems[0].field", equalTo("pipeline"))
                .body("message", containsString("pipeline: is required"));
    }

    @Test
    void remainingListsKnownProjectsBelowAStage() {
        JsonPath belowFinal = given().queryParam("pipeline", pipeline)
                .get("/api/v1/remaining")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(belowFinal.getString("below")).isEqualTo("postprocess");
        assertThat(belowFinal.getInt("count")).isEqualTo(2);
        assertThat(belowFinal.getList("projects.project")).containsExactlyInAnyOrder("m2", "m3");
        JsonPath belowFirst = given().queryParam("pipeline", pipeline)
                .queryParam("below", "metashape")
                .get("/api/v1/remaining")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(belowFirst.getList("projects.project")).containsExactly("m3");
        assertThat(belowFirst.getList("projects.level")).containsExactly((Object) null);
        given().queryParam("pipeline", pipeline)
                .queryParam("below", "nope")
                .get("/api/v1/remaining")
                .then()
                .statusCode(400)
                .body("message", containsString("metashape, postprocess"));
    }
}
