package dev.cairn.planner.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.StageState;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.planner.CompletionFixtures;
import dev.cairn.planner.messaging.ViewSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's API on the planner's view over real Kafka: grid pages with counts, filters and sorts, the stage
 * statuses of each cell, the overview, the live stream, and the static page's security headers.
 */
@QuarkusTest
@QuarkusTestResource(value = CairnDevStackResource.class, initArgs = @ResourceArg(name = "services", value = "kafka"))
class DashboardResourceTest {

    static final Instant T0 = Instant.parse("2024-01-15T10:30:00Z");
    static final List<String> STAGES = CompletionFixtures.SEED_STAGES;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/")
    URI base;

    @Inject
    ViewSync sync;

    String pipeline;

    /** m1 complete, m2 partial, m3 running postprocess, m4 failed postprocess, m5 nothing yet, x9 complete later. */
    @BeforeEach
    void publish() {
        pipeline = CompletionFixtures.uniquePipeline("dash");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            CompletionFixtures.publish(
                    kafka, CompletionFixtures.state(pipeline, "m1", "default", STAGES, "postprocess", 2, T0, "wf"));
            CompletionFixtures.publish(
                    kafka, CompletionFixtures.state(pipeline, "m2", "default", STAGES, "metashape", 1, T0, "wf"));
            CompletionFixtures.publish(
                    kafka,
                    withStates("m3", Map.of("metashape", StageState.COMPLETED, "postprocess", StageState.STARTED), T0));
            CompletionFixtures.publish(
                    kafka,
                    withStates("m4", Map.of("metashape", StageState.COMPLETED, "postprocess", StageState.FAILED), T0));
            CompletionFixtures.publish(
                    kafka, CompletionFixtures.state(pipeline, "m5", "default", STAGES, null, 1, T0, "wf"));
            CompletionFixtures.publish(
                    kafka,
                    CompletionFixtures.state(
                            pipeline, "x9", "default", STAGES, "postprocess", 1, T0.plusSeconds(3600), "wf"));
            CompletionFixtures.publish(
                    kafka, CompletionFixtures.state(pipeline, "m1", "other", STAGES, "metashape", 1, T0, "wf"));
            kafka.flush();
        }
        // no ledger here: the test publishes to cairn.completions itself and waits for the view to reach its end
        sync.awaitView();
    }

    CompletionRecorded withStates(String project, Map<String, String> statuses, Instant at) {
        Map<String, StageState> states = new LinkedHashMap<>();
        statuses.forEach((stage, status) -> states.put(
                stage,
                new StageState(
                        status,
                        status.equals(StageState.COMPLETED) ? at : null,
                        status.equals(StageState.COMPLETED) ? at : null,
                        "wf",
                        1)));
        String level = StageState.COMPLETED.equals(statuses.get("metashape")) ? "metashape" : null;
        return new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                "evt-" + project,
                pipeline,
                project,
                "default",
                STAGES,
                level,
                states,
                new Change("stage.started", "postprocess", "wf", at, null, null, null, null),
                at.plusSeconds(1),
                3);
    }

    JsonPath grid(Map<String, Object> params) {
        return given().queryParam("pipeline", pipeline)
                .queryParams(params)
                .get("/api/v1/dashboard/grid")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void gridRowsCarryEveryStageStatusWithCountsFiltersSortsAndPages() {
        JsonPath all = grid(Map.of());
        assertThat(all.getList("stages")).isEqualTo(STAGES);
        assertThat(all.getInt("total")).isEqualTo(6);
        assertThat(all.getList("rows.project")).containsExactly("m1", "m2", "m3", "m4", "m5", "x9");
        assertThat(all.getList("rows.status"))
                .containsExactly("completed", "partial", "running", "failed", "not_started", "completed");
        assertThat(all.getMap("counts"))
                .isEqualTo(Map.of("completed", 2, "partial", 1, "running", 1, "failed", 1, "not_started", 1));
        assertThat(all.getList("rows[3].cells.status")).containsExactly("completed", "failed");
        assertThat(all.getList("rows[2].cells.status")).containsExactly("completed", "running");
        assertThat(all.getString("rows[0].cells[1].completed_at")).isEqualTo(T0.toString());
        assertThat(all.getString("rows[4].cells[0].completed_at")).isNull();

        JsonPath named = grid(Map.of("q", "M"));
        assertThat(named.getList("rows.project")).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(named.getInt("counts.completed")).isEqualTo(1);
        JsonPath failed = grid(Map.of("status", "failed"));
        assertThat(failed.getList("rows.project")).containsExactly("m4");
        assertThat(failed.getInt("matched")).isEqualTo(1);
        assertThat(failed.getInt("counts.completed"))
                .as("counts ignore the status filter")
                .isEqualTo(2);
        assertThat(grid(Map.of("sort", "changed", "order", "desc"))
                        .getList("rows.project")
                        .get(0))
                .isEqualTo("x9");
        JsonPath page = grid(Map.of("offset", 2, "limit", 2));
        assertThat(page.getList("rows.project")).containsExactly("m3", "m4");
        assertThat(page.getInt("matched")).isEqualTo(6);
        assertThat(grid(Map.of("config_id", "other")).getList("rows.project")).containsExactly("m1");

        given().queryParam("pipeline", pipeline)
                .queryParam("status", "done")
                .get("/api/v1/dashboard/grid")
                .then()
                .statusCode(400)
                .body("message", containsString("completed, partial, running"));
        given().get("/api/v1/dashboard/grid").then().statusCode(400);
    }

    @Test
    void overviewCountsLevelsFailedAndRunningPerPipeline() {
        JsonPath body = given().get("/api/v1/dashboard/overview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> mine = body.getMap("pipelines.find { it.pipeline == '" + pipeline + "' }");
        assertThat(mine).containsEntry("projects", 7).containsEntry("failed", 1).containsEntry("running", 1);
        assertThat(mine.get("by_level")).isEqualTo(Map.of("none", 1, "metashape", 4, "postprocess", 2));
        assertThat(mine.get("config_ids")).isEqualTo(List.of("default", "other"));
    }

    @Test
    void aProjectWithoutTheOtherServicesConfiguredShowsItsRowAndSaysWhatIsNotConfigured() {
        given().get("/api/v1/dashboard/projects/" + pipeline + "/m4")
                .then()
                .statusCode(200)
                .body("view.status", equalTo("failed"))
                .body("timeline.state", equalTo("not_configured"))
                .body("timeline.message", containsString("cairn.planner.ledger-url"))
                .body("markers.state", equalTo("not_configured"));
    }

    @Test
    void theStreamSendsTheChangedRowOfANewCompletion() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/stream?pipeline=" + pipeline))
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("text/event-stream");
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(nextEvent(lines, "hello")).contains("\"pipeline\":\"" + pipeline + "\"");
            try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
                CompletionFixtures.publish(
                        kafka, CompletionFixtures.state(pipeline, "m5", "default", STAGES, "postprocess", 2, T0, "wf"));
                kafka.flush();
            }
            CompletableFuture<String> rows = CompletableFuture.supplyAsync(() -> nextEvent(lines, "rows"));
            String data = rows.get(20, TimeUnit.SECONDS);
            assertThat(data).startsWith("data:").contains("\"project\":\"m5\"").contains("\"status\":\"completed\"");
        }
    }

    /** The data line of the next event named {@code name}. */
    static String nextEvent(BufferedReader lines, String name) {
        try {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.equals("event: " + name) || line.equals("event:" + name)) {
                    for (String data; (data = lines.readLine()) != null; ) {
                        if (data.startsWith("data:")) {
                            return data;
                        }
                    }
                }
            }
            return null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void thePageIsPublicAndServedWithSecurityHeaders() {
        given().redirects().follow(false).get("/ui").then().statusCode(301).header("Location", "/ui/");
        given().get("/ui/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .body(containsString("<script type=\"module\" src=\"app.js\">"));
        String csp = given().get("/ui/app.js").then().statusCode(200).extract().header("Content-Security-Policy");
        assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    }
}
