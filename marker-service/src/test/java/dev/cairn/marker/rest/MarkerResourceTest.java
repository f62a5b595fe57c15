package dev.cairn.marker.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.TcpProxy;
import dev.cairn.marker.Completions;
import dev.cairn.marker.MarkerServiceFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API, health and metrics against the real Kafka and S3 of the devstack; S3 is reached through a TCP proxy so
 * that the metrics test can make it fail for a moment.
 */
@QuarkusTest
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,s3"),
            @ResourceArg(name = "buckets", value = "cairn-markers-test"),
            @ResourceArg(name = "proxied", value = "s3")
        })
class MarkerResourceTest extends MarkerServiceFixture {

    @Test
    void listsAProjectsMarkerFolders() {
        String project = Completions.project("settlement.listed");
        String first = writeMarker(project, "ev-l1-" + project, Instant.parse("2025-09-12T14:30:22Z"));
        String second = writeMarker(project, "ev-l2-" + project, Instant.parse("2025-09-13T02:00:01Z"));
        JsonPath body = given().get("/api/v1/markers/{p}/{q}", Completions.PIPELINE, project)
                .then()
                .statusCode(200)
                .body("bucket", equalTo(bucketName))
                .extract()
                .jsonPath();
        assertThat(body.getList("folders.prefix")).containsExactly(first, second);
        assertThat(body.getList("folders.timestamp")).containsExactly("2025-09-12T14:30:22Z", "2025-09-13T02:00:01Z");
        assertThat(body.getList("folders.complete")).containsExactly(true, true);
        assertThat(body.getList("folders[0].files"))
                .containsExactlyInAnyOrder("completion_marker.txt", "execution_metadata.json", "table_metrics.json");
    }

    @Test
    void refusesNamesThatCouldEscapeThePrefix() {
        given().get("/api/v1/markers/{p}/{q}", Completions.PIPELINE, "-rf")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_name"))
                .body("problems.field", hasItem("project"));
        given().get("/api/v1/markers/{p}/{q}", "pipe*", "x")
                .then()
                .statusCode(400)
                .body("problems.field", hasItem("pipeline"));
    }

    @Test
    void lifecycleOnAServerWithoutSupportAnswersAClearError() {
        given().post("/api/v1/markers/lifecycle")
                .then()
                .statusCode(501)
                .contentType("application/problem+json")
                .body("type", equalTo("https://cairn.dev/problems/lifecycle_not_supported"))
                .body("error", equalTo("lifecycle_not_supported"))
                .body("message", containsString(bucketName));
    }

    @Test
    void retentionDeletesOnlyFoldersOlderThanTheLimit() {
        Instant now = Instant.now();
        String project = Completions.project("settlement.retained");
        String old = writeMarker(project, "ev-old-" + project, now.minus(Duration.ofDays(1200)));
        String recent = writeMarker(project, "ev-new-" + project, now.minus(Duration.ofDays(900)));
        String prefix = "completion_markers/" + Completions.PIPELINE + "/" + project + "/";

        JsonPath dry = given().queryParam("dry_run", true)
                .queryParam("older_than_days", 1000)
                .post("/api/v1/markers/retention/sweep")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(dry.getList("folders", String.class)).contains(old).doesNotContain(recent);
        assertThat(dry.getLong("keys_deleted")).isZero();
        assertThat(bucket.completeFolders(prefix)).containsExactly(old, recent);

        JsonPath implicit = given().queryParam("older_than_days", 1000)
                .post("/api/v1/markers/retention/sweep")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(implicit.getBoolean("dry_run"))
                .as("no dry_run parameter is a dry run")
                .isTrue();
        assertThat(implicit.getLong("keys_deleted")).isZero();
        assertThat(bucket.completeFolders(prefix)).containsExactly(old, recent);

        JsonPath swept = given().queryParam("dry_run", false)
                .queryParam("older_than_days", 1000)
                .post("/api/v1/markers/retention/sweep")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(swept.getList("folders", String.class)).contains(old).doesNotContain(recent);
        assertThat(swept.getLong("keys_deleted")).isGreaterThanOrEqualTo(3);
        assertThat(bucket.keys(prefix))
                .containsExactlyInAnyOrder(
                        recent + "execution_metadata.json",
                        recent + "table_metrics.json",
                        recent + "completion_marker.txt");
    }

    @Test
    void retentionSweepRefusesADryRunValueOtherThanTrueOrFalse() {
        for (String value : new String[] {"0", "no", "False ", "yes", "FALSE"}) {
            given().queryParam("dry_run", value)
                    .queryParam("older_than_days", 1)
                    .post("/api/v1/markers/retention/sweep")
                    .then()
                    .statusCode(400)
                    .body("problems.field", hasItem("dry_run"));
        }
    }

    @Test
    void retentionSweepNeedsALimit() {
        given().post("/api/v1/markers/retention/sweep")
                .then()
                .statusCode(400)
                .body("problems.field", hasItem("older_than_days"));
    }

    @Test
    void readinessChecksTheMarkerBucketAndKafka() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("S3 marker bucket"))
                .body("checks.find { it.name == 'S3 marker bucket' }.data.bucket", equalTo(bucketName));
        given().get("/q/health/ready")
                .then()
                .body(
                        "checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data.completions",
                        equalTo("[OK]"));
    }

    @Test
    void metricsExposeLatencyWrittenAndRetries() {
        double retriesBefore = retries();
        TcpProxy proxy = DevStack.shared().proxy(DevStack.Service.S3);
        String project = Completions.project("settlement.metrics");
        Instant startedAt = Instant.parse("2025-09-12T14:30:22Z");
        proxy.cut();
        try {
            send(Completions.completed(
                    Completions.PIPELINE,
                    project,
                    "sync",
                    "ev-m-" + project,
                    startedAt,
                    startedAt.plusSeconds(30),
                    null));
            await().atMost(Duration.ofSeconds(30)).until(() -> retries() > retriesBefore);
        } finally {
            proxy.restore();
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> bucket.completeFolders(projectPrefix(project)).size() == 1);
        List<String> lines = metrics();
        assertThat(lines).anyMatch(l -> l.startsWith("cairn_marker_write_latency_seconds_count"));
        assertThat(lines).anyMatch(l -> l.startsWith("cairn_marker_write_latency_seconds_bucket"));
        assertThat(lines)
                .anyMatch(l -> l.startsWith("cairn_markers_written_total{") && l.contains(Completions.PIPELINE));
        assertThat(lines).anyMatch(l -> l.startsWith("cairn_marker_retries_total{") && l.contains("operation=\"s3."));
    }

    private static List<String> metrics() {
        return given().get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .toList();
    }

    /** The sum of {@code cairn_marker_retries_total} over the S3 operations (0 before the first retry). */
    private static double retries() {
        return metrics().stream()
                .filter(l -> l.startsWith("cairn_marker_retries_total{") && l.contains("operation=\"s3."))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
