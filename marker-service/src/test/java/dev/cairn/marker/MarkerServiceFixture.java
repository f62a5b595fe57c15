package dev.cairn.marker;

import static org.awaitility.Awaitility.await;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.MarkerWritten;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.S3Server;
import dev.cairn.marker.service.MarkerTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the marker service's {@code @QuarkusTest}s share: a Kafka client to publish completions and read
 * {@code cairn.markers}, a plain S3 reader of the marker bucket (as a sensor would read it), and waits on both.
 * Subclasses declare their devstack resource.
 */
public abstract class MarkerServiceFixture {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrap;

    @ConfigProperty(name = "quarkus.s3.endpoint-override")
    protected String s3Endpoint;

    @ConfigProperty(name = "cairn.marker.bucket")
    protected String bucketName;

    protected KafkaTestClient kafka;
    protected MarkerBucketReader bucket;

    @BeforeEach
    void openClients() {
        kafka = new KafkaTestClient(bootstrap);
        bucket = new MarkerBucketReader(S3Server.client(s3Endpoint), bucketName);
    }

    @AfterEach
    void closeClients() {
        kafka.close();
        bucket.s3().close();
    }

    /** Publishes {@code c} on {@code cairn.completions} as the ledger would. */
    protected void send(CompletionRecorded c) {
        kafka.send(Topics.COMPLETIONS, c.key(), Completions.json(c));
    }

    protected static String projectPrefix(String project) {
        return "completion_markers/" + Completions.PIPELINE + "/" + project + "/";
    }

    /** The complete folders of {@code project}, once there are at least {@code count}. */
    protected List<String> awaitFolders(String project, int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bucket.completeFolders(projectPrefix(project)).size() >= count);
        return bucket.completeFolders(projectPrefix(project));
    }

    /** Publishes a completion of {@code project}'s final stage and waits for its complete folder; returns it. */
    protected String writeMarker(String project, String eventId, Instant startedAt) {
        send(Completions.completed(
                Completions.PIPELINE, project, "sync", eventId, startedAt, startedAt.plusSeconds(30), null));
        String folder = projectPrefix(project) + MarkerTime.folderTimestamp(startedAt);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        bucket.completeFolders(projectPrefix(project)).stream().anyMatch(f -> f.startsWith(folder)));
        return folder + "/";
    }

    /** The MarkerWritten records of {@code eventId} on {@code cairn.markers}. */
    protected List<MarkerWritten> markersWritten(String eventId) {
        return kafka.readAll(Topics.MARKERS).stream()
                .map(r -> read(r.value(), MarkerWritten.class))
                .filter(m -> m.eventId().equals(eventId))
                .toList();
    }

    protected static <T> T read(byte[] json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
