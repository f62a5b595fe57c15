package dev.cairn.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.ValidatedSettings;
import dev.cairn.planner.CompletionFixtures;
import dev.cairn.planner.config.PlannerConfig;
import dev.cairn.planner.health.ViewHealthChecks;
import dev.cairn.planner.service.ViewGate;
import dev.cairn.planner.service.ViewStamp;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.service.error.UnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The view's reader driven one poll at a time against the devstack's real Kafka: after 10,000 completions, the view
 * is not ready, readiness is DOWN and queries get 503 until the end offsets seen at start are reached; then it is
 * ready with every key. A freshness barrier waits for a record published after that, and only for it.
 */
class ViewCatchUpTest {

    static final int COUNT = CompletionsPublishedBeforeStart.COUNT;

    String bootstrap;
    String pipeline;
    CompletionView view = new CompletionView();
    ViewProgress progress = new ViewProgress();
    KafkaSettings settings;
    EndOffsets endOffsets;
    CompletionTopicFollower follower;

    @BeforeEach
    void publishThenOpen() {
        bootstrap = DevStack.shared()
                .ensure(EnumSet.of(DevStack.Service.KAFKA))
                .settings()
                .kafkaBootstrapServers();
        pipeline = CompletionFixtures.uniquePipeline("catchup");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (int i = 0; i < COUNT; i++) {
                CompletionFixtures.publish(
                        kafka,
                        CompletionFixtures.state(
                                pipeline,
                                String.format("p%05d", i),
                                "default",
                                CompletionFixtures.SEED_STAGES,
                                CompletionsPublishedBeforeStart.levelOf(i),
                                1,
                                Instant.parse("2024-03-01T00:00:00Z"),
                                "wf"));
            }
            kafka.flush();
        }
        settings = new KafkaSettings(Map.of("bootstrap.servers", bootstrap));
        endOffsets = new EndOffsets(settings);
        follower = new CompletionTopicFollower(
                settings.consumer(500),
                Topics.COMPLETIONS,
                view,
                progress,
                Json.mapper().getFactory());
    }

    @AfterEach
    void close() {
        follower.close();
        endOffsets.close();
    }

    ViewGate gate(Duration freshTimeout) {
        return new ViewGate(progress, view, endOffsets::latest, config(freshTimeout));
    }

    int postprocessed() {
        return view.read(pipeline, "default", r -> r.count(rank -> rank == 1));
    }

    @Test
    void notReadyUntilTheEndOffsetsSeenAtStartAreReached() {
        assertThat(follower.open(Duration.ofSeconds(30))).isTrue();
        long total = progress.behind(progress.startTargets());
        assertThat(total).isGreaterThanOrEqualTo(COUNT);
        assertNotReady();
        assertThatThrownBy(() -> gate(Duration.ofMillis(300)).enter(true))
                .isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(((UnavailableException) e).code()).isEqualTo("not_fresh"))
                .hasMessageContaining("did not reach the end offsets");

        await().atMost(Duration.ofSeconds(30)).until(() -> follower.pollOnce(Duration.ofMillis(200)) > 0);
        assertThat(progress.behind(progress.startTargets())).isBetween(1L, total - 1);
        assertNotReady();
        assertThat(postprocessed()).as("partly loaded").isLessThan(COUNT / 3 + 1);

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            follower.pollOnce(Duration.ofMillis(200));
            return progress.caughtUp();
        });
        assertThat(ViewHealthChecks.readiness(progress, view, true).getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
        ViewStamp stamp = gate(Duration.ofMillis(300)).enter(false);
        assertThat(stamp.asOf()).isNotNull();
        assertThat(postprocessed()).isEqualTo(COUNT / 3 + 1);
        int keys = view.read(pipeline, "default", r -> r.count(rank -> true));
        assertThat(keys).isEqualTo(COUNT);
        assertThat(ViewHealthChecks.readiness(progress, view, false).getStatus())
                .as("a dead reader thread makes readiness DOWN")
                .isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void aFreshnessBarrierWaitsForWhatWasPublishedBeforeTheRequest() throws Exception {
        follower.open(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            follower.pollOnce(Duration.ofMillis(200));
            return progress.caughtUp();
        });
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(
                    Topics.COMPLETIONS,
                    Topics.key(pipeline, "late", "default"),
                    CompletionFixtures.json(CompletionFixtures.state(
                            pipeline,
                            "late",
                            "default",
                            CompletionFixtures.SEED_STAGES,
                            "postprocess",
                            1,
                            Instant.parse("2024-03-02T00:00:00Z"),
                            "wf-late")));
        }
        assertThatThrownBy(() -> gate(Duration.ofMillis(200)).enter(true))
                .as("nobody polls: the barrier times out")
                .hasMessageContaining("1 records behind");
        CompletableFuture<ViewStamp> fresh =
                CompletableFuture.supplyAsync(() -> gate(Duration.ofSeconds(20)).enter(true));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            follower.pollOnce(Duration.ofMillis(100));
            return fresh.isDone();
        });
        assertThat(fresh.get().asOf()).isEqualTo(Instant.parse("2024-03-02T00:00:00.005Z"));
        char[] late = "late".toCharArray();
        int code = view.read(pipeline, "default", r -> r.levelCode(late, 0, late.length));
        assertThat(code).isPositive();
    }

    private void assertNotReady() {
        assertThat(progress.caughtUp()).isFalse();
        HealthCheckResponse readiness = ViewHealthChecks.readiness(progress, view, true);
        assertThat(readiness.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(readiness.getData().orElseThrow()).containsKey("behind_start_offsets");
        assertThatThrownBy(() -> gate(Duration.ofMillis(300)).enter(false))
                .isInstanceOf(UnavailableException.class)
                .satisfies(e -> assertThat(((UnavailableException) e).code()).isEqualTo("view_not_ready"))
                .hasMessageContaining("is still loading cairn.completions")
                .hasMessageContaining("records to go");
    }

    static PlannerConfig config(Duration freshTimeout) {
        return ValidatedSettings.of(
                PlannerConfig.class, Map.of("cairn.planner.fresh-timeout", freshTimeout.toMillis() + "ms"));
    }
}
