package dev.cairn.marker.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.MarkerWritten;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.S3Server;
import dev.cairn.marker.Completions;
import dev.cairn.marker.MarkerServiceFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** stage.failed on the real Kafka becomes a failure folder in the real S3 (devstack); the sync metrics follow. */
@QuarkusTest
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,s3"),
            @ResourceArg(name = "buckets", value = "cairn-markers-test")
        })
class FailureMarkerFlowTest extends MarkerServiceFixture {

    static final Instant START = Instant.parse("2025-09-12T14:30:22.135401Z");

    @Test
    void aFailedStageGivesAFailureFolderWithTheExactFilesAndNoCompletionMarker() {
        String project = Completions.project("settlement.failing");
        String eventId = "ev-fail-" + project;
        send(Completions.failed(Completions.PIPELINE, project, "extract", eventId, START, "MySQL timeout\nat row 7"));

        String folder = projectPrefix(project) + "20250912_143022/";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bucket.keys(projectPrefix(project)).contains(folder + "failure_marker.txt"));
        assertThat(bucket.keys(projectPrefix(project)))
                .containsExactlyInAnyOrder(folder + "execution_metadata.json", folder + "failure_marker.txt");
        assertThat(bucket.text(folder + "failure_marker.txt"))
                .isEqualTo("SYNC_FAILED\n"
                        + "Pipeline: " + Completions.PIPELINE + "\n"
                        + "Table: " + project + "\n"
                        + "Status: FAILED\n"
                        + "Timestamp: 2025-09-12T14:30:22Z\n"
                        + "Error: MySQL timeout at row 7\n"
                        + "Stage: extract\n"
                        + "Config: default\n"
                        + "Event: " + eventId + "\n");
        JsonNode meta = read(bucket.text(folder + "execution_metadata.json").getBytes(), JsonNode.class);
        assertThat(meta.get("status").asText()).isEqualTo("failed");
        assertThat(meta.get("error").asText()).isEqualTo("MySQL timeout\nat row 7");
        assertThat(meta.at("/summary/failure_count").asInt()).isEqualTo(1);
        assertThat(meta.at("/summary/success_count").asInt()).isZero();
        assertThat(meta.get("execution_id").asText()).matches("extract_20250912_143022_[0-9a-f]{8}");
        assertThat(meta.get("start_time").asText()).isEqualTo("2025-09-12T14:30:22.135401+00:00");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> !markersWritten(eventId).isEmpty());
        MarkerWritten written = markersWritten(eventId).get(0);
        assertThat(written.prefix()).isEqualTo(folder);
        // the keys in the order they were written: the text marker last
        assertThat(written.keys()).containsExactly(folder + "execution_metadata.json", folder + "failure_marker.txt");
    }

    @Test
    void aRedeliveredFailureFindsItsOwnFolderAndASuccessAfterItWritesItsOwn() {
        String project = Completions.project("settlement.retried");
        String failId = "ev-f-" + project;
        for (int i = 0; i < 3; i++) {
            send(Completions.failed(Completions.PIPELINE, project, "sync", failId, START, "disk full"));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> markersWritten(failId).size() == 3);
        // the re-run succeeds, started in the same second as the failed execution
        String okId = "ev-ok-" + project;
        send(Completions.completed(Completions.PIPELINE, project, "sync", okId, START, START.plusSeconds(40), null));

        List<String> complete = awaitFolders(project, 1);
        String prefix = projectPrefix(project);
        assertThat(complete).containsExactly(prefix + "20250912_143022_2/");
        assertThat(bucket.keys(prefix))
                .containsExactlyInAnyOrder(
                        prefix + "20250912_143022/execution_metadata.json",
                        prefix + "20250912_143022/failure_marker.txt",
                        prefix + "20250912_143022_2/execution_metadata.json",
                        prefix + "20250912_143022_2/table_metrics.json",
                        prefix + "20250912_143022_2/completion_marker.txt");
        assertThat(markersWritten(failId)).extracting(MarkerWritten::prefix).containsOnly(prefix + "20250912_143022/");
    }

    @Test
    void aPipelineWithFailureMarkersOffGetsNoFailureFolder() {
        String project = Completions.project("quiet");
        send(Completions.failed("no_failures", project, "sync", "ev-q-" + project, START, "boom"));
        // a later completion of the same key is processed after the failure (one key, in order)
        String okId = "ev-q2-" + project;
        send(Completions.completed("no_failures", project, "sync", okId, START, START.plusSeconds(5), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> !markersWritten(okId).isEmpty());
        assertThat(bucket.keys("completion_markers/no_failures/" + project + "/"))
                .noneMatch(k -> k.endsWith("failure_marker.txt"))
                .anyMatch(k -> k.endsWith("completion_marker.txt"));
    }

    @Test
    void syncMetricsAreExposedUnderThePrometheusNames() {
        String project = Completions.project("settlement.metered");
        send(Completions.completed(
                Completions.PIPELINE,
                project,
                "sync",
                "ev-mm-" + project,
                START,
                START.plusSeconds(45),
                Completions.metrics("{\"rows_processed\": 15000, \"files_created\": 3}")));
        send(Completions.failed(Completions.PIPELINE, project, "sync", "ev-mf-" + project, START, "boom"));
        String tags = "pipeline=\"" + Completions.PIPELINE + "\",table=\"" + project + "\"";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> metrics().stream()
                        .anyMatch(l -> l.startsWith("cairn_sync_failure_total{") && l.contains(tags)));
        List<String> lines = metrics();
        assertThat(lines).anyMatch(l -> l.startsWith("cairn_sync_duration_seconds_bucket{") && l.contains(tags));
        assertThat(value(lines, "cairn_sync_duration_seconds_count{" + tags + "}"))
                .isEqualTo(2.0);
        assertThat(value(lines, "cairn_sync_duration_seconds_sum{" + tags + "}"))
                .isEqualTo(45.0 + 12.0);
        assertThat(value(lines, "cairn_sync_success_total{" + tags + "}")).isEqualTo(1.0);
        assertThat(value(lines, "cairn_sync_failure_total{" + tags + "}")).isEqualTo(1.0);
        assertThat(value(lines, "cairn_rows_processed_total{" + tags + "}")).isEqualTo(15000.0);
    }

    /**
     * deploy/airflow's sensor core (cairn_marker_sensor.py, through sensor_poke.py with boto3 instead of Airflow's
     * S3Hook) against folders this service wrote: no marker yet, then a failure raises in one poke, then a success.
     */
    @Test
    void theAirflowSensorWaitsThenRaisesOnAFailureThenSucceedsOnACompletion() throws Exception {
        String project = Completions.project("mission");
        assertThat(poke(project)).startsWith("2 waiting");
        send(Completions.failed(Completions.PIPELINE, project, "extract", "ev-af-" + project, START, "GPU lost"));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        bucket.keys(projectPrefix(project)).stream().anyMatch(k -> k.endsWith("failure_marker.txt")));
        assertThat(poke(project))
                .as("keys %s", bucket.keys(projectPrefix(project)))
                .startsWith("3 raised: " + project + ": Cairn wrote a failure marker s3://" + bucketName + "/"
                        + projectPrefix(project) + "20250912_143022/: GPU lost");
        send(Completions.completed(
                Completions.PIPELINE,
                project,
                "sync",
                "ev-as-" + project,
                START.plusSeconds(600),
                START.plusSeconds(900),
                null));
        awaitFolders(project, 1);
        assertThat(poke(project))
                .startsWith("0 success: s3://" + bucketName + "/" + projectPrefix(project) + "20250912_144022/");
    }

    /** Runs one poke of the sensor for 20250912; answers "exit-code output". */
    private String poke(String project) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        "python3",
                        Path.of("..", "deploy", "airflow", "sensor_poke.py").toString(),
                        s3Endpoint,
                        bucketName,
                        Completions.PIPELINE,
                        project,
                        "20250912")
                .redirectErrorStream(true);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.environment().put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + " " + out.strip();
    }

    private static double value(List<String> lines, String series) {
        return lines.stream()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(series + " not exposed"));
    }

    static List<String> metrics() {
        return given().get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .toList();
    }
}
