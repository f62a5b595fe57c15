package dev.cairn.planner.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.KafkaBroker;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.planner.CompletionFixtures;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The planner survives a restart of the Kafka broker (killed with {@code kill -9}, started again on the same port and
 * data): readiness goes DOWN while there is no broker, and UP again once there is, and the view catches up with what
 * was published after the restart, all without restarting the planner.
 */
@QuarkusTest
@QuarkusTestResource(value = CairnDevStackResource.class, initArgs = @ResourceArg(name = "services", value = "kafka"))
class BrokerRestartTest {

    static final Instant T0 = Instant.parse("2024-01-15T10:30:00Z");
    static final List<String> STAGES = CompletionFixtures.SEED_STAGES;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void readinessGoesDownWhileTheBrokerIsDeadAndTheViewCatchesUpAfterItsRestart() throws Exception {
        String pipeline = CompletionFixtures.uniquePipeline("restart");
        publish(CompletionFixtures.state(pipeline, "before", "default", STAGES, "postprocess", 1, T0, "wf-a"));
        await().atMost(Duration.ofSeconds(60)).until(() -> "postprocess".equals(level(pipeline, "before")));

        KafkaBroker broker = DevStack.shared().requireKafkaBroker();
        broker.kill();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 503);
        assertThat(given().get("/q/health/live").statusCode())
                .as("liveness stays UP: no restart needed")
                .isEqualTo(200);

        broker.restart(DevStack.START_TIMEOUT);
        publish(CompletionFixtures.state(pipeline, "after", "default", STAGES, "metashape", 1, T0, "wf-b"));
        await().atMost(Duration.ofSeconds(90)).until(() -> "metashape".equals(level(pipeline, "after")));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        assertThat(level(pipeline, "before")).isEqualTo("postprocess");
    }

    private void publish(dev.cairn.contracts.CompletionRecorded state) {
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            CompletionFixtures.publish(kafka, state);
            kafka.flush();
        }
    }

    /** The project's level as a plan answers it (null when not recorded or the planner is not ready). */
    private static String level(String pipeline, String project) {
        var response = given().contentType("application/json")
                .body(Map.of("pipeline", pipeline, "skip_if_complete", "both", "projects", List.of(project)))
                .post("/api/v1/plan");
        return response.statusCode() == 200 ? response.jsonPath().getString("projects[0].level") : null;
    }
}
