package dev.cairn.marker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.MarkerWritten;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.S3Server;
import dev.cairn.marker.config.MarkerConfig;
import dev.cairn.marker.config.MarkerConfig.ConditionalWrites;
import dev.cairn.marker.metrics.MarkerMetrics;
import dev.cairn.marker.store.MarkerBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The folder claim protocol against the devstack's real S3 server (S3Proxy), without Quarkus. */
class MarkerWriterTest {

    static final String BUCKET = "marker-writer-test";
    static S3Client s3;
    static MarkerBucket bucket;
    static Retrier retrier;

    @BeforeAll
    static void s3() {
        DevStack stack = DevStack.shared().ensure(EnumSet.of(DevStack.Service.S3));
        stack.createBuckets(List.of(BUCKET));
        s3 = S3Server.client(stack.settings().s3Endpoint());
        bucket = new MarkerBucket(s3, BUCKET);
        retrier = new Retrier(Duration.ofMillis(10), Duration.ofMillis(100), new SimpleMeterRegistry());
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    static MarkerWriter writer(ConditionalWrites mode) {
        MarkerRules rules = MarkerRules.of(MarkerConfig.DEFAULT_TEMPLATE, Map.of(), Map.of());
        return new MarkerWriter(
                bucket,
                retrier,
                new ConditionalWriteSupport(mode, bucket, retrier, "completion_markers/"),
                rules,
                new MarkerMetrics(new SimpleMeterRegistry()),
                3);
    }

    static CompletionRecorded completion(String project, String eventId, String startedAt) {
        Change change = new Change(
                "stage.completed",
                "sync",
                "run-1",
                Instant.parse(startedAt).plusSeconds(45),
                Instant.parse(startedAt),
                null,
                Map.of(),
                null);
        return new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                eventId,
                "us_dw_hybrid_v1_2",
                project,
                "default",
                List.of("sync"),
                "sync",
                Map.of(),
                change,
                Instant.now(),
                1);
    }

    static List<String> keys(String project) {
        List<String> keys = new ArrayList<>();
        bucket.listKeys("completion_markers/us_dw_hybrid_v1_2/" + project + "/", keys::addAll);
        return keys;
    }

    static String project() {
        return "t_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void autoProbeFindsThatS3ProxyHonoursIfNoneMatchAndLeavesNoProbeBehind() {
        ConditionalWriteSupport auto =
                new ConditionalWriteSupport(ConditionalWrites.AUTO, bucket, retrier, "completion_markers/");
        assertThat(auto.supported()).isTrue();
        List<String> probes = new ArrayList<>();
        bucket.listKeys("completion_markers/.cairn-probe/", probes::addAll);
        assertThat(probes).isEmpty();
    }

    @Test
    void theAutoProbeRunsAtStartWithoutWaitingForTheFirstWrite() {
        ConditionalWriteSupport auto =
                new ConditionalWriteSupport(ConditionalWrites.AUTO, bucket, retrier, "completion_markers/");
        assertThat(auto.known()).isEmpty();

        auto.resolveInBackground();

        // no write asks: the answer comes from the probe started beside the consumer's join
        await().atMost(Duration.ofSeconds(60)).until(() -> auto.known().isPresent());
        assertThat(auto.known()).contains(true);
    }

    @Test
    void redeliveriesLandInTheSameFolderAndSameSecondCompletionsInAnother() {
        String project = project();
        MarkerWriter writer = writer(ConditionalWrites.ENABLED);
        MarkerWritten first = writer.write(completion(project, "ev-a-" + project, "2025-09-12T14:30:22.100Z"));
        for (int i = 0; i < 4; i++) {
            assertThat(writer.write(completion(project, "ev-a-" + project, "2025-09-12T14:30:22.100Z"))
                            .prefix())
                    .isEqualTo(first.prefix());
        }
        MarkerWritten second = writer.write(completion(project, "ev-b-" + project, "2025-09-12T14:30:22.900Z"));
        String base = "completion_markers/us_dw_hybrid_v1_2/" + project + "/20250912_143022";
        assertThat(first.prefix()).isEqualTo(base + "/");
        assertThat(second.prefix()).isEqualTo(base + "_2/");
        assertThat(keys(project))
                .containsExactlyInAnyOrderElementsOf(List.of(first.keys(), second.keys()).stream()
                        .flatMap(List::stream)
                        .toList());
        // a redelivery of the second one skips the first's folder and finds its own again
        assertThat(writer.write(completion(project, "ev-b-" + project, "2025-09-12T14:30:22.900Z"))
                        .prefix())
                .isEqualTo(second.prefix());
    }

    @Test
    void aRedeliveryFindsItsOwnFolderWhenAnEarlierCandidateWasDeletedMeanwhile() {
        String project = project();
        MarkerWriter writer = writer(ConditionalWrites.ENABLED);
        MarkerWritten first = writer.write(completion(project, "ev-a-" + project, "2025-09-12T14:30:22.100Z"));
        MarkerWritten second = writer.write(completion(project, "ev-b-" + project, "2025-09-12T14:30:22.900Z"));
        assertThat(second.prefix()).endsWith("_2/");
        bucket.delete(first.keys()); // retention or the lifecycle rule removed the first folder
        MarkerWritten again = writer.write(completion(project, "ev-b-" + project, "2025-09-12T14:30:22.900Z"));
        assertThat(again.prefix()).isEqualTo(second.prefix());
        assertThat(keys(project)).containsExactlyInAnyOrderElementsOf(second.keys());
    }

    @Test
    void whenEveryFolderNameIsTakenTheWriteFailsForGoodAtOnce() {
        String project = project();
        MarkerWriter writer = writer(ConditionalWrites.ENABLED);
        for (String id : List.of("a", "b", "c")) {
            writer.write(completion(project, "ev-" + id + "-" + project, "2025-09-12T14:30:22Z"));
        }
        CompletionRecorded fourth = completion(project, "ev-d-" + project, "2025-09-12T14:30:22Z");
        assertThatThrownBy(() -> writer.write(fourth))
                .isInstanceOf(S3Failures.NoFreeFolderException.class)
                .satisfies(e -> assertThat(S3Failures.isTransient(e)).isFalse());
    }

    @Test
    void neverOverwritesAFolderItDidNotWrite() {
        String project = project();
        String foreign = "completion_markers/us_dw_hybrid_v1_2/" + project + "/20250912_143022/execution_metadata.json";
        s3.putObject(
                b -> b.bucket(BUCKET).key(foreign), RequestBody.fromString("{\"written_by\": \"the old sync tool\"}"));
        MarkerWritten written =
                writer(ConditionalWrites.ENABLED).write(completion(project, "ev-" + project, "2025-09-12T14:30:22Z"));
        assertThat(written.prefix()).endsWith("/20250912_143022_2/");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(foreign)).asString(StandardCharsets.UTF_8))
                .contains("old sync tool");
    }

    @Test
    void aRedeliveryFinishesAFolderLeftHalfWrittenByACrash() {
        String project = project();
        CompletionRecorded c = completion(project, "ev-" + project, "2025-09-12T14:30:22Z");
        String folder = "completion_markers/us_dw_hybrid_v1_2/" + project + "/20250912_143022/";
        // the crash: only the first file made it
        bucket.putIfAbsent(
                folder + MarkerFiles.EXECUTION_METADATA,
                MarkerFiles.render(c).executionMetadata(),
                "application/json",
                c.eventId());
        assertThat(keys(project)).containsExactly(folder + MarkerFiles.EXECUTION_METADATA);
        MarkerWritten written = writer(ConditionalWrites.ENABLED).write(c);
        assertThat(written.prefix()).isEqualTo(folder);
        assertThat(keys(project)).containsExactlyInAnyOrderElementsOf(written.keys());
    }

    @Test
    void withoutConditionalWritesTheFolderNameCarriesTheEventHash() {
        String project = project();
        MarkerWriter writer = writer(ConditionalWrites.DISABLED);
        CompletionRecorded a = completion(project, "ev-a-" + project, "2025-09-12T14:30:22Z");
        MarkerWritten first = writer.write(a);
        assertThat(writer.write(a).prefix()).isEqualTo(first.prefix());
        MarkerWritten other = writer.write(completion(project, "ev-b-" + project, "2025-09-12T14:30:22Z"));
        assertThat(first.prefix())
                .isEqualTo("completion_markers/us_dw_hybrid_v1_2/" + project + "/20250912_143022_"
                        + MarkerTime.eventHash(a.eventId()) + "/");
        assertThat(other.prefix())
                .isNotEqualTo(first.prefix())
                .startsWith("completion_markers/us_dw_hybrid_v1_2/" + project + "/20250912_143022_");
        assertThat(keys(project)).hasSize(6);
    }
}
