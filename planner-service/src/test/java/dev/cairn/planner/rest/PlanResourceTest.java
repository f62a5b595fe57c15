package dev.cairn.planner.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.planner.CompletionFixtures;
import dev.cairn.planner.messaging.ViewSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/plan} against the view of the devstack's real Kafka. */
@QuarkusTest
@QuarkusTestResource(value = CairnDevStackResource.class, initArgs = @ResourceArg(name = "services", value = "kafka"))
class PlanResourceTest {

    static final Instant T0 = Instant.parse("2024-01-15T10:30:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    String pipeline;

    @Inject
    ViewSync sync;

    /** m1 postprocess, m2 metashape, m3 recorded with nothing complete; m1 of highres at metashape. */
    @BeforeEach
    void publish() {
        pipeline = CompletionFixtures.uniquePipeline("photo");
        List<String> stages = CompletionFixtures.SEED_STAGES;
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            CompletionFixtures.publish(
                    kafka, CompletionFixtures.state(pipeline, "m1", "default", stages, "metashape", 1, T0, "wf-a"));
            CompletionFixtures.publish(
                    kafka,
                    CompletionFixtures.state(
                            pipeline, "m1", "default", stages, "postprocess", 2, T0.plusSeconds(60), "wf-b"));
            CompletionFixtures.publish(
                    kafka, CompletionFixtures.state(pipeline, "m2", "default", stages, "metashape", 1, T0, "wf-a"));
            CompletionFixtures.publish(
                    kafka, CompletionFixtures.state(pipeline, "m3", "default", stages, null, 1, T0, "wf-a"));
            CompletionFixtures.publish(
                    kafka, CompletionFixtures.state(pipeline, "m1", "highres", stages, "metashape", 1, T0, "wf-c"));
            kafka.flush();
        }
    }

    static Response plan(Object body, boolean fresh) {
        return given().contentType("application/json")
                .body(body)
                .queryParam("fresh", fresh)
                .post("/api/v1/plan");
    }

    /** The answer once the view has every completion published so far (these tests publish them, not a ledger). */
    Response synced(Object body) {
        sync.awaitView();
        return plan(body, false);
    }

    Map<String, Object> request(String mode, String configId, String... projects) {
        return Map.of(
                "pipeline", pipeline, "config_id", configId, "skip_if_complete", mode, "projects", List.of(projects));
    }

    @Test
    void bothModeSkipsCompleteProjectsAndCompletedStages() {
        Response response = synced(request("both", "default", "m1", "m2", "m3", "m4"));
        response.then().statusCode(200).header("Cairn-View-Lag", org.hamcrest.Matchers.notNullValue());
        assertThat(Instant.parse(response.header("Cairn-As-Of")))
                .as("the newest recorded_at applied, view-wide")
                .isAfterOrEqualTo(T0.plusSeconds(60).plusMillis(5));
        JsonPath answer = response.jsonPath();
        assertThat(answer.getList("stages")).containsExactly("metashape", "postprocess");
        assertThat(answer.getMap("summary"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("requested", 4, "to_run", 3, "skipped", 1, "partial", 1));
        assertThat(answer.getList("projects.run")).containsExactly(false, true, true, true);
        assertThat(answer.getList("projects.reason"))
                .containsExactly("complete", "partial", "nothing_complete", "not_recorded");
        assertThat(answer.getList("projects.level")).containsExactly("postprocess", "metashape", null, null);
        assertThat(answer.getList("projects[1].skip_stages")).containsExactly("metashape");
        assertThat(answer.getList("projects[0].skip_stages"))
                .as("a skipped project runs nothing")
                .isEmpty();
        assertThat(answer.getList("projects[3].skip_stages")).isEmpty();
        assertThat(answer.getBoolean("projects[1].skip_metashape")).isTrue();
        assertThat(answer.getMap("projects[1]")).doesNotContainKey("skip_postprocess");
        assertThat(answer.getMap("projects[2]")).doesNotContainKey("skip_metashape");
        assertThat(answer.getString("as_of")).isEqualTo(response.header("Cairn-As-Of"));
        assertThat(answer.getList("warnings")).isEmpty();
    }

    @Test
    void stageModesFollowTheSeedTable() {
        assertThat(synced(request("metashape", "default", "m1", "m2", "m3"))
                        .jsonPath()
                        .getList("projects.run"))
                .containsExactly(false, false, true);
        assertThat(synced(request("postprocess", "default", "m1", "m2", "m3"))
                        .jsonPath()
                        .getList("projects.run"))
                .containsExactly(false, true, true);
        assertThat(synced(request("none", "default", "m1", "m2", "m3"))
                        .jsonPath()
                        .getList("projects.run"))
                .containsExactly(true, true, true);
    }

    @Test
    void configIdsAreSeparate() {
        JsonPath answer = synced(request("postprocess", "highres", "m1", "m2")).jsonPath();
        assertThat(answer.getList("projects.run")).containsExactly(true, true);
        assertThat(answer.getList("projects.level")).containsExactly("metashape", null);
        JsonPath other = synced(request("metashape", "lowres", "m1")).jsonPath();
        assertThat(other.getList("projects.run")).containsExactly(true);
        assertThat(other.getList("warnings", String.class))
                .anySatisfy(w -> assertThat(w).contains("config_id 'lowres'"));
    }

    @Test
    void configIdDefaultsToDefaultAndModeToNone() {
        JsonPath answer = synced(Map.of("pipeline", pipeline, "projects", List.of("m1")))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(answer.getString("config_id")).isEqualTo("default");
        assertThat(answer.getString("skip_if_complete")).isEqualTo("none");
        assertThat(answer.getString("projects[0].level")).isEqualTo("postprocess");
    }

    @Test
    void unknownPipelineRunsEverythingWithAWarning() {
        plan(
                        Map.of(
                                "pipeline",
                                "never-recorded-" + pipeline,
                                "skip_if_complete",
                                "postprocess",
                                "projects",
                                List.of("m1")),
                        false)
                .then()
                .statusCode(200)
                .body("projects[0].run", equalTo(true))
                .body("projects[0].reason", equalTo("not_recorded"))
                .body("warnings[0]", containsString("has no recorded completion"))
                .header("Cairn-Warning", containsString("has no recorded completion"));
    }

    @Test
    void unknownModeIs400NamingTheAllowedValues() {
        plan(request("finalize", "default", "m1"), false)
                .then()
                .statusCode(400)
                .body("error", equalTo("bad_request"))
                .body("message", containsString("skip_if_complete 'finalize' is not allowed"))
                .body("message", containsString("none, both, metashape, postprocess"));
    }

    @Test
    void badRequestsNameTheField() {
        plan(request("both", "default", "m1", "bad/name"), false)
                .then()
                .statusCode(400)
                .body("message", containsString("projects[1]"));
        plan(Map.of("pipeline", pipeline), false)
                .then()
                .statusCode(400)
                .body("message", containsString("projects is missing"));
        plan(Map.of("pipeline", pipeline, "projects", List.of("m1", 7)), false)
                .then()
                .statusCode(400)
                .body("message", containsString("projects[1] must be a string"));
        plan(Map.of("projects", List.of("m1")), false)
                .then()
                .statusCode(400)
                .body("message", containsString("pipeline is missing"));
        plan("{\"pipeline\": \"p\", \"projects\": [", false)
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_json"));
        plan(Map.of("pipeline", pipeline, "config_id", "a b", "projects", List.of()), false)
                .then()
                .statusCode(400)
                .body("message", containsString("config_id"));
    }

    @Test
    void aCompletionPublishedAfterABurstIsInTheAnswerOnceTheViewReachedIt() {
        String project = "late";
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (int i = 0; i < 2000; i++) {
                CompletionFixtures.publish(
                        kafka,
                        CompletionFixtures.state(
                                pipeline,
                                "burst" + i,
                                "default",
                                CompletionFixtures.SEED_STAGES,
                                "metashape",
                                1,
                                T0,
                                "wf-burst"));
            }
            kafka.send(
                    dev.cairn.contracts.Topics.COMPLETIONS,
                    dev.cairn.contracts.Topics.key(pipeline, project, "default"),
                    CompletionFixtures.json(CompletionFixtures.state(
                            pipeline,
                            project,
                            "default",
                            CompletionFixtures.SEED_STAGES,
                            "postprocess",
                            1,
                            T0.plusSeconds(3600),
                            "wf-late")));
        }
        synced(request("postprocess", "default", project, "burst1999"))
                .then()
                .statusCode(200)
                .body("projects[0].run", equalTo(false))
                .body("projects[0].level", equalTo("postprocess"))
                .body("projects[1].level", equalTo("metashape"))
                .body("lag", equalTo(0));
    }

    @Test
    void aFreshRequestWithoutTheLedgerIsA503NotAStaleAnswer() {
        plan(request("both", "default", "m1"), true)
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("10"))
                .body("error", equalTo("not_fresh"))
                .body("message", containsString("CAIRN_PLANNER_LEDGER_URL"));
        plan(request("both", "default", "m1"), false).then().statusCode(200);
    }

    @Test
    void aTombstoneRemovesTheProject() {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            CompletionFixtures.publishTombstone(kafka, pipeline, "m2", "default");
            kafka.flush();
        }
        synced(request("metashape", "default", "m2"))
                .then()
                .statusCode(200)
                .body("projects[0].run", equalTo(true))
                .body("projects[0].level", nullValue())
                .body("projects[0].reason", equalTo("not_recorded"));
    }

    @Test
    void readinessReportsTheView() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("cairn.completions view"))
                .body("checks.find { it.name == 'cairn.completions view' }.data.caught_up", equalTo(true));
    }

    @Test
    void theServerSideTimerIsExposed() {
        synced(request("both", "default", "m1")).then().statusCode(200);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("cairn_planner_request_seconds_bucket{endpoint=\"plan\",le=\"")
                .contains("cairn_planner_view_keys")
                .contains("cairn_planner_view_lag_records")
                .as("histograms only: quantiles computed in one replica do not aggregate")
                .doesNotContain("quantile=");
    }
}
