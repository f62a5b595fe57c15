package dev.cairn.marker.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.contracts.Topics;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.marker.Completions;
import dev.cairn.marker.MarkerServiceFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A burst of completions on the real Kafka, written to the real S3 (devstack) by writers whose count adapts: every
 * marker is written, and the count (the metric and the live writer threads) stays within the configured bounds.
 */
@QuarkusTest
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,s3"),
            @ResourceArg(name = "buckets", value = "cairn-markers-test")
        })
class WriterLimitFlowTest extends MarkerServiceFixture {

    private static final int COMPLETIONS = 300;

    @ConfigProperty(name = "cairn.marker.concurrency")
    int max;

    @ConfigProperty(name = "cairn.marker.min-concurrency")
    int min;

    @Test
    void aBurstGetsAllItsMarkersWithTheWriterCountWithinItsBounds() throws Exception {
        String run = "limit-" + UUID.randomUUID().toString().substring(0, 8);
        ConcurrentSkipListSet<Integer> limits = new ConcurrentSkipListSet<>();
        ConcurrentSkipListSet<Integer> threads = new ConcurrentSkipListSet<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> {
                    try {
                        threads.add(writerThreads());
                        limits.add(limitMetric());
                    } catch (RuntimeException | AssertionError e) {
                        errors.add(e);
                    }
                },
                0,
                50,
                TimeUnit.MILLISECONDS);
        try {
            Instant start = Instant.parse("2026-02-01T00:00:00Z");
            for (int i = 0; i < COMPLETIONS; i++) {
                var c = Completions.completed(
                        Completions.PIPELINE,
                        run + "-" + i,
                        "sync",
                        "ev-" + run + "-" + i,
                        start.plusSeconds(i),
                        start.plusSeconds(i + 30),
                        null);
                kafka.sendAsync(Topics.COMPLETIONS, c.key(), Completions.json(c).getBytes(StandardCharsets.UTF_8));
            }
            kafka.flush();

            String prefix = "completion_markers/" + Completions.PIPELINE + "/" + run + "-";
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> bucket.completeFolders(prefix).size() == COMPLETIONS);
            Map<String, Long> filesPerFolder = bucket.keys(prefix).stream()
                    .collect(Collectors.groupingBy(
                            k -> k.substring(0, k.lastIndexOf('/') + 1), TreeMap::new, Collectors.counting()));
            assertThat(filesPerFolder)
                    .hasSize(COMPLETIONS)
                    .allSatisfy((folder, files) -> assertThat(files).isEqualTo(3));
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }

        assertThat(errors).isEmpty();
        assertThat(min).isLessThan(max);
        assertThat(limits).isNotEmpty().allSatisfy(l -> assertThat(l).isBetween(min, max));
        assertThat(threads).isNotEmpty().allSatisfy(t -> assertThat(t).isBetween(0, max));
        assertThat(threads.last()).isGreaterThanOrEqualTo(min);
    }

    /** The writer count as {@code /q/metrics} shows it. */
    private static int limitMetric() {
        String name = WriterLimit.METRIC.replace('.', '_') + " ";
        return given().get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith(name))
                .mapToInt(
                        l -> (int) Double.parseDouble(l.substring(name.length()).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + "in /q/metrics"));
    }

    /** Live threads of the marker's writer pool. */
    private static int writerThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(CompletionConsumer.WORKERS + "-"))
                .count();
    }
}
