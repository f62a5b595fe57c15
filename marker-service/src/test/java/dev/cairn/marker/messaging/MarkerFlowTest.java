package dev.cairn.marker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.MarkerWritten;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.marker.Completions;
import dev.cairn.marker.MarkerServiceFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** Completions on the real Kafka become marker folders in the real S3 (devstack), as the tests ask. */
@QuarkusTest
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,s3"),
            @ResourceArg(name = "buckets", value = "cairn-markers-test")
        })
class MarkerFlowTest extends MarkerServiceFixture {

    static final String DOC_METRICS = """
            {"rows_processed": 15000, "files_created": 3, "duration_seconds": 45.2,
             "mysql_metrics": {"rows_extracted": 15000, "batches_processed": 3, "extraction_duration_seconds": 32.8, "avg_rows_per_second": 457.3},
             "s3_metrics": {"files_created": 3, "total_size_bytes": 2048000, "total_size_mb": 1.95, "compression_ratio": 0.73}}
            """;

    @Inject
    KafkaClientService clients;

    /**
     * After a broker restart the completions consumer asks for the broker again within a second: SmallRye gives its
     * channels' consumers a reconnect backoff of up to 10 s unless {@code reconnect.backoff.max.ms} is configured,
     * which added up to 10 s to the marker's recovery in {@code ./run-faults kafka-kill9-*}.
     */
    @Test
    void theCompletionsConsumerRetriesALostBrokerAtMostOneSecondApart() {
        Object backoff = clients.getConsumer("completions").configuration().get("reconnect.backoff.max.ms");
        assertThat(Long.parseLong(String.valueOf(backoff))).isLessThanOrEqualTo(1000L);
    }

    @Test
    void oneCompletionGivesExactlyOneFolderWhoseFilesCarryTheEventsValues() {
        String project = Completions.project("settlement.settle_orders");
        CompletionRecorded c = Completions.completed(
                Completions.PIPELINE,
                project,
                "sync",
                "ev-one-" + project,
                Instant.parse("2025-09-12T14:30:22.135401Z"),
                Instant.parse("2025-09-12T14:31:07.466043Z"),
                Completions.metrics(DOC_METRICS));
        send(c);

        List<String> folders = awaitFolders(project, 1);
        String folder = projectPrefix(project) + "20250912_143022/";
        assertThat(folders).containsExactly(folder);
        assertThat(bucket.keys(projectPrefix(project)))
                .containsExactlyInAnyOrder(
                        folder + "execution_metadata.json",
                        folder + "table_metrics.json",
                        folder + "completion_marker.txt");

        JsonNode meta = read(bucket.text(folder + "execution_metadata.json").getBytes(), JsonNode.class);
        assertThat(meta.get("execution_id").asText()).matches("sync_20250912_143022_[0-9a-f]{8}");
        assertThat(meta.get("start_time").asText()).isEqualTo("2025-09-12T14:30:22.135401+00:00");
        assertThat(meta.get("end_time").asText()).isEqualTo("2025-09-12T14:31:07.466043+00:00");
        assertThat(meta.get("tables_requested").get(0).asText()).isEqualTo(project);
        assertThat(meta.at("/table_results/" + project.replace("~", "~0") + "/rows_processed")
                        .asLong())
                .isEqualTo(15000);
        assertThat(meta.at("/summary/total_rows_processed").asLong()).isEqualTo(15000);
        assertThat(meta.at("/summary/total_files_created").asLong()).isEqualTo(3);
        assertThat(meta.get("duration_seconds").asDouble()).isEqualTo(45.2);
        assertThat(meta.get("event_id").asText()).isEqualTo(c.eventId());
        assertThat(meta.get("config_id").asText()).isEqualTo("default");
        assertThat(meta.get("stage").asText()).isEqualTo("sync");

        JsonNode metrics = read(bucket.text(folder + "table_metrics.json").getBytes(), JsonNode.class);
        assertThat(metrics.get("table_name").asText()).isEqualTo(project);
        assertThat(metrics.get("mysql_metrics"))
                .isEqualTo(Completions.metrics(DOC_METRICS).get("mysql_metrics"));
        assertThat(metrics.at("/s3_metrics/total_size_bytes").asLong()).isEqualTo(2048000);

        assertThat(bucket.text(folder + "completion_marker.txt").split("\n"))
                .containsExactly(
                        "SYNC_COMPLETED",
                        "Pipeline: " + Completions.PIPELINE,
                        "Table: " + project,
                        "Status: SUCCESS",
                        "Timestamp: 2025-09-12T14:30:22Z",
                        "Duration: 45.20s",
                        "Rows: 15000",
                        "Stage: sync",
                        "Config: default",
                        "Event: " + c.eventId());

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !markersWritten(c.eventId()).isEmpty());
        MarkerWritten written = markersWritten(c.eventId()).get(0);
        assertThat(written.prefix()).isEqualTo(folder);
        assertThat(written.bucket()).isEqualTo(bucketName);
        assertThat(written.keys())
                .containsExactly(
                        folder + "execution_metadata.json",
                        folder + "table_metrics.json",
                        folder + "completion_marker.txt");
        assertThat(written.key()).isEqualTo(c.key());
    }

    @Test
    void anAirflowStyleWildcardSensorFindsTheMarkerAndItsCompanions() {
        String project = Completions.project("settlement.claim_details");
        send(Completions.completed(
                Completions.PIPELINE,
                project,
                "sync",
                "ev-sensor-" + project,
                Instant.parse("2025-09-12T02:04:10Z"),
                Instant.parse("2025-09-12T02:05:00Z"),
                Completions.metrics(DOC_METRICS)));
        String dsNodash = "20250912";
        String bucketKey = "completion_markers/" + Completions.PIPELINE + "/" + project + "/" + dsNodash
                + "_*/completion_marker.txt";
        String listPrefix = bucketKey.substring(0, bucketKey.indexOf('*'));
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + bucketKey);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> bucket.keys(listPrefix).stream().anyMatch(k -> glob.matches(Path.of(k))));
        String found = bucket.keys(listPrefix).stream()
                .filter(k -> glob.matches(Path.of(k)))
                .findFirst()
                .orElseThrow();
        String folder = found.substring(0, found.lastIndexOf('/') + 1);
        JsonNode meta = read(bucket.text(folder + "execution_metadata.json").getBytes(), JsonNode.class);
        assertThat(meta.at("/summary/total_rows_processed").asLong()).isEqualTo(15000);
        assertThat(read(bucket.text(folder + "table_metrics.json").getBytes(), JsonNode.class)
                        .get("table_name")
                        .asText())
                .isEqualTo(project);
        // another day's pattern does not match
        PathMatcher otherDay =
                FileSystems.getDefault().getPathMatcher("glob:" + bucketKey.replace(dsNodash, "20250913"));
        assertThat(otherDay.matches(Path.of(found))).isFalse();
    }

    @Test
    void theSameCompletionDeliveredFiveTimesGivesOneFolder() {
        String project = Completions.project("settlement.dup");
        CompletionRecorded c = Completions.completed(
                Completions.PIPELINE,
                project,
                "sync",
                "ev-dup-" + project,
                Instant.parse("2025-09-12T14:30:22Z"),
                Instant.parse("2025-09-12T14:31:00Z"),
                null);
        for (int i = 0; i < 5; i++) {
            send(c);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> markersWritten(c.eventId()).size() == 5);
        assertThat(bucket.completeFolders(projectPrefix(project)))
                .containsExactly(projectPrefix(project) + "20250912_143022/");
        assertThat(bucket.keys(projectPrefix(project))).hasSize(3);
        assertThat(markersWritten(c.eventId()))
                .extracting(MarkerWritten::prefix)
                .containsOnly(projectPrefix(project) + "20250912_143022/");
    }

    @Test
    void twoCompletionsOfOneProjectWithinOneSecondGiveTwoFolders() {
        String project = Completions.project("settlement.twice");
        send(Completions.completed(
                Completions.PIPELINE,
                project,
                "sync",
                "ev-1-" + project,
                Instant.parse("2025-09-12T14:30:22.100Z"),
                Instant.parse("2025-09-12T14:30:40Z"),
                null));
        send(Completions.completed(
                Completions.PIPELINE,
                project,
                "sync",
                "ev-2-" + project,
                Instant.parse("2025-09-12T14:30:22.800Z"),
                Instant.parse("2025-09-12T14:30:50Z"),
                null));
        List<String> folders = awaitFolders(project, 2);
        assertThat(folders)
                .containsExactly(
                        projectPrefix(project) + "20250912_143022/", projectPrefix(project) + "20250912_143022_2/");
        PathMatcher sensor = FileSystems.getDefault()
                .getPathMatcher("glob:" + projectPrefix(project) + "20250912_*/completion_marker.txt");
        assertThat(folders).allMatch(f -> sensor.matches(Path.of(f + "completion_marker.txt")));
        assertThat(bucket.keys(projectPrefix(project))).hasSize(6);
        // one key is processed in order: the first completion claimed the plain folder
        assertThat(bucket.text(folders.get(0) + "completion_marker.txt")).contains("Event: ev-1-" + project);
        assertThat(bucket.text(folders.get(1) + "completion_marker.txt")).contains("Event: ev-2-" + project);
    }

    @Test
    void onlyTheFinalStagesCompletionWritesAMarkerByDefault() {
        String project = Completions.project("settlement.stages");
        Instant t = Instant.parse("2025-09-12T10:00:00Z");
        send(Completions.completed(
                Completions.PIPELINE, project, "extract", "ev-x-" + project, t, t.plusSeconds(5), null));
        send(Completions.change(
                Completions.PIPELINE,
                project,
                "stage.started",
                "sync",
                "ev-s-" + project,
                null,
                t.plusSeconds(6),
                null));
        send(Completions.change(
                Completions.PIPELINE,
                project,
                "stage.failed",
                "sync",
                "ev-f-" + project,
                t.plusSeconds(6),
                t.plusSeconds(7),
                null));
        send(Completions.completed(
                Completions.PIPELINE, project, "sync", "ev-c-" + project, t.plusSeconds(8), t.plusSeconds(9), null));
        // one key is processed in order: once the last one's folder exists, the three before it were handled
        assertThat(awaitFolders(project, 1)).containsExactly(projectPrefix(project) + "20250912_100008/");
        // the started stage and the extract completion wrote nothing; the failure got its failure folder (2 files)
        assertThat(bucket.keys(projectPrefix(project)))
                .hasSize(5)
                .contains(projectPrefix(project) + "20250912_100006/failure_marker.txt");
    }

    @Test
    void optedInStagesGetTheirOwnFolders() {
        String project = Completions.project("mission");
        Instant t = Instant.parse("2025-09-12T10:00:00Z");
        send(Completions.completed("staged", project, "ingest", "ev-i-" + project, t, t.plusSeconds(5), null));
        send(Completions.completed("staged", project, "publish", "ev-p-" + project, t, t.plusSeconds(9), null));
        String prefix = "completion_markers/staged/" + project + "/";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bucket.completeFolders(prefix).size() == 2);
        assertThat(bucket.completeFolders(prefix))
                .containsExactly(prefix + "ingest/20250912_100000/", prefix + "publish/20250912_100000/");
    }

    @Test
    void unusableRecordsAreCountedAndDoNotBlockTheKey() {
        String project = Completions.project("settlement.bad");
        String key = Topics.key(Completions.PIPELINE, project, "default");
        kafka.send(Topics.COMPLETIONS, key, "{not json");
        CompletionRecorded badName = Completions.completed(
                Completions.PIPELINE,
                "bad/name",
                "sync",
                "ev-bad-" + project,
                Instant.parse("2025-09-12T11:00:00Z"),
                Instant.parse("2025-09-12T11:00:05Z"),
                null);
        kafka.send(Topics.COMPLETIONS, key, Completions.json(badName));
        send(Completions.completed(
                Completions.PIPELINE,
                project,
                "sync",
                "ev-good-" + project,
                Instant.parse("2025-09-12T11:00:00Z"),
                Instant.parse("2025-09-12T11:00:05Z"),
                null));
        assertThat(awaitFolders(project, 1)).containsExactly(projectPrefix(project) + "20250912_110000/");
        assertThat(bucket.keys("completion_markers/" + Completions.PIPELINE + "/bad"))
                .isEmpty();
        double rejected = io.restassured.RestAssured.given()
                .get("/q/metrics")
                .then()
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith("cairn_marker_rejected_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
        assertThat(rejected).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCompletionThatCanNeverGetAFolderGoesToTheMarkersDlqWithItsHeadersAndTheKeyGoesOn() {
        String project = Completions.project("settlement.full");
        String key = Topics.key(Completions.PIPELINE, project, "default");
        String base = projectPrefix(project) + "20250912_120000";
        for (int n = 1; n <= 5; n++) { // cairn.marker.max-folders=5 in tests: every candidate belongs to another tool
            String folder = n == 1 ? base : base + "_" + n;
            bucket.s3()
                    .putObject(
                            b -> b.bucket(bucketName).key(folder + "/execution_metadata.json"),
                            RequestBody.fromString("{\"written_by\": \"another tool\"}"));
        }
        CompletionRecorded full = Completions.completed(
                Completions.PIPELINE,
                project,
                "sync",
                "ev-full-" + project,
                Instant.parse("2025-09-12T12:00:00Z"),
                Instant.parse("2025-09-12T12:00:30Z"),
                null);
        String value = Completions.json(full);
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-trace-01".getBytes(StandardCharsets.UTF_8));
        long timestamp = Instant.parse("2025-09-12T12:00:31Z").toEpochMilli();
        kafka.send(new ProducerRecord<>(
                Topics.COMPLETIONS, null, timestamp, key, value.getBytes(StandardCharsets.UTF_8), headers));
        String next = writeMarker(project, "ev-next-" + project, Instant.parse("2025-09-12T12:05:00Z"));
        assertThat(next).endsWith("/20250912_120500/");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(Topics.MARKERS_DLQ, r -> key.equals(r.key()));
            assertThat(dead).hasSize(1);
            ConsumerRecord<String, byte[]> d = dead.get(0);
            assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo(value);
            assertThat(d.timestamp()).isEqualTo(timestamp);
            assertThat(header(d, "traceparent")).isEqualTo("00-trace-01");
            assertThat(header(d, Topics.HEADER_ERROR_CODE)).isEqualTo("no_free_folder");
            assertThat(header(d, Topics.HEADER_ERROR_DETAIL)).contains("ev-full-" + project);
            assertThat(header(d, Topics.HEADER_SOURCE_TOPIC)).isEqualTo(Topics.COMPLETIONS);
        });
        assertThat(bucket.completeFolders(projectPrefix(project))).containsExactly(next);
        assertThat(io.restassured.RestAssured.given().get("/q/metrics").asString())
                .contains("cairn_marker_dead_lettered_total{reason=\"no_free_folder\"}");
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
