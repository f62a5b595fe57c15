package dev.cairn.marker.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.MarkerWritten;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.S3Server;
import dev.cairn.devstack.TcpProxy;
import dev.cairn.marker.Completions;
import dev.cairn.marker.MarkerBucketReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** S3 unreachable for a few seconds mid-stream: nothing is skipped, every completion gets its complete folder. */
@QuarkusTest
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,s3"),
            @ResourceArg(name = "buckets", value = "cairn-markers-test"),
            @ResourceArg(name = "proxied", value = "s3")
        })
class MarkerOutageTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "cairn.marker.bucket")
    String bucketName;

    @Test
    void everyCompletionGetsItsCompleteFolderOnceS3IsBack() {
        TcpProxy proxy = DevStack.shared().proxy(DevStack.Service.S3);
        String run = Completions.project("outage");
        List<CompletionRecorded> before = completions(run, 0, 6);
        List<CompletionRecorded> during = completions(run, 6, 14);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap);
                var s3 = S3Server.client(
                        DevStack.shared().settings().s3Endpoint())) { // the server itself, not the proxy
            MarkerBucketReader bucket = new MarkerBucketReader(s3, bucketName);
            String prefix = "completion_markers/" + Completions.PIPELINE + "/";
            before.forEach(c -> kafka.send(Topics.COMPLETIONS, c.key(), Completions.json(c)));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> complete(bucket, prefix, run).size() == before.size());

            proxy.cut();
            try {
                during.forEach(c -> kafka.send(Topics.COMPLETIONS, c.key(), Completions.json(c)));
                await().atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> given().get("/q/health/ready")
                                .then()
                                .statusCode(503)
                                .body("checks.find { it.name == 'S3 marker bucket' }.status", equalTo("DOWN")));
                // while S3 is unreachable nothing new appears, and nothing is given up on
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(6))
                        .until(() -> complete(bucket, prefix, run).size() == before.size());
            } finally {
                proxy.restore();
            }

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> complete(bucket, prefix, run).size() == before.size() + during.size());
            for (String folder : complete(bucket, prefix, run)) {
                assertThat(bucket.keys(folder)).as(folder).hasSize(3);
            }
            Set<String> expectedEvents = new java.util.HashSet<>();
            before.forEach(c -> expectedEvents.add(c.eventId()));
            during.forEach(c -> expectedEvents.add(c.eventId()));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> markerEvents(kafka).containsAll(expectedEvents));
            given().get("/q/health/ready").then().statusCode(200);
            assertThat(given().get("/q/metrics")
                            .then()
                            .extract()
                            .asString()
                            .lines()
                            .filter(l -> l.startsWith("cairn_marker_retries_total{") && l.contains("s3."))
                            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                            .sum())
                    .isPositive();
        }
    }

    /** Completions {@code from}..{@code to}-1: two per project, in different seconds. */
    static List<CompletionRecorded> completions(String run, int from, int to) {
        List<CompletionRecorded> list = new ArrayList<>();
        Instant t = Instant.parse("2025-09-12T03:00:00Z");
        for (int i = from; i < to; i++) {
            String project = run + ".p" + (i / 2);
            list.add(Completions.completed(
                    Completions.PIPELINE,
                    project,
                    "sync",
                    "ev-" + i + "-" + run,
                    t.plusSeconds(i),
                    t.plusSeconds(i + 30),
                    null));
        }
        return list;
    }

    static List<String> complete(MarkerBucketReader bucket, String prefix, String run) {
        return bucket.completeFolders(prefix + run).stream().toList();
    }

    static Set<String> markerEvents(KafkaTestClient kafka) {
        return kafka.readAll(Topics.MARKERS).stream()
                .map(r -> {
                    try {
                        return Json.mapper()
                                .readValue(r.value(), MarkerWritten.class)
                                .eventId();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.toSet());
    }
}
