package dev.cairn.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.planner.CompletionFixtures;
import dev.cairn.planner.store.CompletionView;
import dev.cairn.planner.store.ViewDump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view's snapshot against the devstack's real Kafka: a restarted reader restores the view from the snapshot and
 * reads only the records published after it, ending with exactly the view a reader from the beginning builds; a
 * snapshot that does not fit the topic (another topic id, positions past the end, damaged bytes) is ignored, and the
 * view is read from the beginning.
 */
class ViewSnapshotRestartTest {

    static final int COUNT = 2000;
    static final Instant AT = Instant.parse("2024-03-01T00:00:00Z");

    @TempDir
    Path dir;

    String bootstrap;
    String pipeline;
    KafkaSettings settings;
    EndOffsets cluster;

    @BeforeEach
    void publish() {
        bootstrap = DevStack.shared()
                .ensure(EnumSet.of(DevStack.Service.KAFKA))
                .settings()
                .kafkaBootstrapServers();
        pipeline = CompletionFixtures.uniquePipeline("snapshot");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (int i = 0; i < COUNT; i++) {
                CompletionFixtures.publish(kafka, state("p" + i, i % 2 == 0 ? "metashape" : null, 1));
            }
            kafka.flush();
        }
        settings = new KafkaSettings(Map.of("bootstrap.servers", bootstrap));
        cluster = new EndOffsets(settings);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    dev.cairn.contracts.CompletionRecorded state(String project, String level, long version) {
        return CompletionFixtures.state(
                pipeline,
                project,
                "default",
                CompletionFixtures.SEED_STAGES,
                level,
                version,
                AT.plusSeconds(version),
                "wf-" + version);
    }

    /** One reader: a view, its progress and the snapshots it restores from and saves to. */
    final class Reader implements AutoCloseable {
        final CompletionView view = new CompletionView();
        final ViewProgress progress = new ViewProgress();
        final ViewSnapshots snapshots;
        final CompletionTopicFollower follower;
        long behindAtStart;

        Reader(ViewSnapshots.TopicIds topicIds) {
            snapshots = topicIds == null
                    ? null
                    : new ViewSnapshots(dir, Duration.ofHours(1), Topics.COMPLETIONS, view, progress, topicIds);
            follower = new CompletionTopicFollower(
                    settings.consumer(1000),
                    Topics.COMPLETIONS,
                    view,
                    progress,
                    Json.mapper().getFactory(),
                    snapshots);
        }

        Reader open() {
            assertThat(follower.open(Duration.ofSeconds(30))).isTrue();
            behindAtStart = progress.behind(progress.startTargets());
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                follower.pollOnce(Duration.ofMillis(200));
                return progress.caughtUp();
            });
            return this;
        }

        @Override
        public void close() {
            follower.close();
        }
    }

    @Test
    void aRestartReadsOnlyWhatCameAfterTheSnapshot() throws IOException {
        try (Reader first = new Reader(cluster::topicId).open()) {
            assertThat(first.progress.snapshot())
                    .as("nothing to restore the first time")
                    .isNull();
            assertThat(first.snapshots.save()).isTrue();
            assertThat(first.snapshots.save()).as("nothing changed since").isFalse();
        }
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (int i = 0; i < 300; i++) {
                CompletionFixtures.publish(kafka, state("p" + i, "postprocess", 2));
            }
            CompletionFixtures.publish(kafka, state("p5", "metashape", 1)); // older than the snapshot's: ignored
            for (int i = 0; i < 50; i++) {
                CompletionFixtures.publish(kafka, state("new" + i, "metashape", 1));
            }
            CompletionFixtures.publishTombstone(kafka, pipeline, "p1999", "default");
            kafka.flush();
        }

        try (Reader restarted = new Reader(cluster::topicId).open();
                Reader fromTheBeginning = new Reader(null).open()) {
            assertThat(restarted.progress.snapshot()).contains("keys");
            assertThat(restarted.behindAtStart)
                    .as("only the 352 records published after the snapshot are read")
                    .isEqualTo(352);
            assertThat(fromTheBeginning.behindAtStart).isGreaterThanOrEqualTo(COUNT + 352);
            assertThat(ViewDump.of(restarted.view)).isEqualTo(ViewDump.of(fromTheBeginning.view));
            assertThat((int) restarted.view.read(pipeline, "default", r -> r.count(rank -> rank == 1)))
                    .as("p0..p299 at postprocess")
                    .isEqualTo(300);
            assertThat((int) restarted.view.read(pipeline, "default", r -> r.count(rank -> true)))
                    .as("2,000 + 50 new - 1 deleted")
                    .isEqualTo(COUNT + 50 - 1);
        }
    }

    @Test
    void aSnapshotOfATopicCreatedAgainIsIgnored() throws IOException {
        try (Reader first = new Reader((topic, timeout) -> "the-id-before-the-topic-was-created-again").open()) {
            assertThat(first.snapshots.save()).isTrue();
        }
        assertIgnored("is of topic id the-id-before-the-topic-was-created-again");
    }

    @Test
    void aSnapshotAheadOfTheTopicIsIgnored() throws Exception {
        Map<TopicPartition, Long> ahead = new HashMap<>();
        cluster.latest(partitions(), Duration.ofSeconds(10)).forEach((tp, end) -> ahead.put(tp, end + 1000));
        try (Reader first = new Reader(cluster::topicId).open()) {
            first.snapshots.write(new ViewSnapshots.Snapshot(
                    Topics.COMPLETIONS,
                    cluster.topicId(Topics.COMPLETIONS, Duration.ofSeconds(10)),
                    Instant.now(),
                    ahead,
                    first.view.image()));
        }
        assertIgnored("is outside [");
    }

    @Test
    void aDamagedSnapshotIsIgnored() throws IOException {
        try (Reader first = new Reader(cluster::topicId).open()) {
            assertThat(first.snapshots.save()).isTrue();
            byte[] bytes = Files.readAllBytes(first.snapshots.file());
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(first.snapshots.file(), bytes);
        }
        assertIgnored("checksum does not match");
    }

    @Test
    void anOldSnapshotIsIgnored() throws IOException {
        try (Reader first = new Reader(cluster::topicId).open()) {
            first.snapshots.write(new ViewSnapshots.Snapshot(
                    Topics.COMPLETIONS,
                    "any",
                    Instant.now().minus(Duration.ofHours(2)),
                    first.progress.positions(),
                    first.view.image()));
        }
        assertIgnored("more than the maximum age 3600 s");
    }

    /** The snapshot in {@link #dir} is not used: the reason names {@code why}, and the view is read from the start. */
    void assertIgnored(String why) {
        CompletionView view = new CompletionView();
        ViewSnapshots snapshots = new ViewSnapshots(
                dir, Duration.ofHours(1), Topics.COMPLETIONS, view, new ViewProgress(), cluster::topicId);
        ViewSnapshots.Restored restored = snapshots.restore(Map.of(), endOffsets(), Duration.ofSeconds(10));
        assertThat(restored.positions()).isNull();
        assertThat(restored.reason()).contains(why);
        assertThat(view.keys()).as("nothing restored").isZero();

        try (Reader restarted = new Reader(cluster::topicId).open()) {
            assertThat(restarted.progress.snapshot()).isNull();
            assertThat(restarted.behindAtStart).isGreaterThanOrEqualTo(COUNT);
            assertThat((int) restarted.view.read(pipeline, "default", r -> r.count(rank -> true)))
                    .isEqualTo(COUNT);
        }
    }

    java.util.List<TopicPartition> partitions() {
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> c =
                new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                        settings.consumer(1),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            return c.partitionsFor(Topics.COMPLETIONS).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
        }
    }

    Map<TopicPartition, Long> endOffsets() {
        try {
            return cluster.latest(partitions(), Duration.ofSeconds(10));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
