package dev.cairn.planner.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.planner.rest.PlanWarmUp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A planner started after 10,000 completions were published answers correctly as soon as it is ready, without
 * {@code fresh=true}: readiness means "caught up with the end offsets seen at start". (That it is NOT ready before is
 * shown step by step in {@link ViewCatchUpTest}: inside a {@code @QuarkusTest} the load is over before a test runs.)
 */
@QuarkusTest
@QuarkusTestResource(CompletionsPublishedBeforeStart.class)
class RestartTest {

    @ConfigProperty(name = "cairn.test.restart-pipeline")
    String pipeline;

    @Inject
    PlanWarmUp warmUp;

    @Test
    void warmUpRunsThePlanPathsOnNamesOfTheLoadedView() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> warmUp.roundsDone() == 30);
        assertThat(warmUp.knownNames()).as("names sampled from the view").isPositive();
    }

    @ConfigProperty(name = "cairn.planner.snapshot.dir")
    String snapshotDir;

    @Test
    void theRunningPlannerKeepsASnapshotOfItsView() {
        java.nio.file.Path file = java.nio.file.Path.of(snapshotDir, ViewSnapshots.FILE);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> projectsInSnapshot(file) == CompletionsPublishedBeforeStart.COUNT);
    }

    /** Projects of this test's pipeline in the snapshot file (published just before this planner started). */
    int projectsInSnapshot(java.nio.file.Path file) throws java.io.IOException {
        dev.cairn.planner.store.CompletionView view = new dev.cairn.planner.store.CompletionView();
        view.restore(ViewSnapshots.read(file).image());
        return view.read(pipeline, "default", r -> r.count(rank -> true));
    }

    @Test
    void answersEveryPublishedCompletionOnceReady() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        List<String> projects = new ArrayList<>();
        for (int i = 0; i < CompletionsPublishedBeforeStart.COUNT; i++) {
            projects.add(String.format("p%05d", i));
        }
        projects.add("never-published");
        JsonPath answer = given().contentType("application/json")
                .body(Map.of("pipeline", pipeline, "skip_if_complete", "both", "projects", projects))
                .post("/api/v1/plan")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(answer.getMap("summary"))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("requested", 10_001, "to_run", 6_667, "skipped", 3_334, "partial", 3_333));
        List<String> levels = answer.getList("projects.level");
        for (int i = 0; i < CompletionsPublishedBeforeStart.COUNT; i++) {
            assertThat(levels.get(i)).as(projects.get(i)).isEqualTo(CompletionsPublishedBeforeStart.levelOf(i));
        }
        assertThat(answer.getString("projects[10000].reason")).isEqualTo("not_recorded");
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body(
                        "checks.find { it.name == 'cairn.completions view' }.data.keys",
                        org.hamcrest.Matchers.greaterThanOrEqualTo(CompletionsPublishedBeforeStart.COUNT));
    }
}
