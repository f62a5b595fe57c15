package dev.cairn.marker.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.S3Server;
import dev.cairn.marker.Completions;
import dev.cairn.marker.FileBackedS3Resource;
import dev.cairn.marker.MarkerBucketReader;
import dev.cairn.marker.service.MarkerFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 server killed with {@code kill -9} while markers are being written, then started again on the same data: no
 * marker is lost, none is doubled (one folder per completion, no half-written folder left behind), and in every
 * folder {@code completion_marker.txt} was written last. The marker service is not restarted.
 */
@QuarkusTest
@QuarkusTestResource(value = FileBackedS3Resource.class, restrictToAnnotatedClass = true)
class S3CrashTest {

    static final int COMPLETIONS = 60;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void everyCompletionGetsExactlyOneCompleteFolderAcrossAKillOfS3() throws Exception {
        String run = Completions.project("s3kill");
        String prefix = "completion_markers/" + Completions.PIPELINE + "/" + run;
        List<CompletionRecorded> all = MarkerOutageTest.completions(run, 0, COMPLETIONS); // two per project
        S3Server server = FileBackedS3Resource.server();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap);
                S3Client s3 = S3Server.client(server.endpoint())) {
            MarkerBucketReader bucket = new MarkerBucketReader(s3, FileBackedS3Resource.BUCKET);
            all.forEach(c -> kafka.send(Topics.COMPLETIONS, c.key(), Completions.json(c)));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> !bucket.keys(prefix).isEmpty());
            server.kill(); // mid-batch: the first keys are there, most completions are not done
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> given().get("/q/health/ready").statusCode() == 503);
            server.restart(DevStack.START_TIMEOUT);

            await().atMost(Duration.ofSeconds(120))
                    .until(() -> bucket.completeFolders(prefix).size() >= COMPLETIONS);
            Map<String, List<S3Object>> folders =
                    new TreeMap<>(s3
                            .listObjectsV2Paginator(
                                    b -> b.bucket(FileBackedS3Resource.BUCKET).prefix(prefix))
                            .contents()
                            .stream()
                            .collect(Collectors.groupingBy(
                                    o -> o.key().substring(0, o.key().lastIndexOf('/') + 1))));
            assertThat(folders)
                    .as("one folder per completion, none half-written")
                    .hasSize(COMPLETIONS);
            assertThat(bucket.completeFolders(prefix)).hasSize(COMPLETIONS);
            folders.forEach((folder, objects) -> {
                assertThat(objects).as(folder).hasSize(3);
                Instant marker = objects.stream()
                        .filter(o -> o.key().endsWith("/" + MarkerFiles.COMPLETION_MARKER))
                        .findFirst()
                        .orElseThrow()
                        .lastModified();
                objects.forEach(o -> assertThat(o.lastModified())
                        .as("%s written before the marker", o.key())
                        .isBeforeOrEqualTo(marker));
            });
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> MarkerOutageTest.markerEvents(kafka)
                            .containsAll(all.stream()
                                    .map(CompletionRecorded::eventId)
                                    .toList()));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> given().get("/q/health/ready").statusCode() == 200);
        }
    }
}
