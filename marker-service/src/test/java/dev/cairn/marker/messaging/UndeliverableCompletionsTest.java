package dev.cairn.marker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.KafkaBroker;
import dev.cairn.marker.Completions;
import dev.cairn.marker.MarkerServiceFixture;
import dev.cairn.marker.service.MarkerTime;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Records the marker service can never turn into a folder leave their key: unreadable ones go to
 * {@code cairn.markers.dlq} with a reason, a DLQ the broker says is missing parks them (log and metric) instead of
 * blocking, and a completion older than the retention is skipped (the sweep would delete its folder, and a redelivery
 * would write it again).
 */
@QuarkusTest
@TestProfile(UndeliverableCompletionsTest.WithRetention.class)
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,s3"),
            @ResourceArg(name = "buckets", value = "cairn-markers-test")
        })
class UndeliverableCompletionsTest extends MarkerServiceFixture {

    /**
     * Retention deletes folders older than 30 days (the sweep itself runs only after a day). Not in the module's test
     * configuration: completions older than the retention would get no folder in the other tests either (the
     * 900 to 1,200 days old ones of {@code MarkerResourceTest} and {@code HostileCorpusTest}), and a sweep without
     * {@code older_than_days} would take the configured days instead of being refused. The profile costs no Quarkus
     * start of its own (the class's test resource is restricted to it).
     */
    public static class WithRetention implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "cairn.marker.retention.enabled", "true",
                    "cairn.marker.retention.days", "30",
                    "cairn.marker.retention.dry-run", "false",
                    "cairn.marker.retention.every", "24h");
        }
    }

    @Test
    void unreadableRecordsGoToTheMarkersDlqWithTheirReasonAndTheKeyGoesOn() {
        String project = Completions.project("unreadable");
        String key = Topics.key(Completions.PIPELINE, project, "default");
        kafka.send(Topics.COMPLETIONS, key, "{not json");
        Instant at = recent();
        kafka.send(Topics.COMPLETIONS, key, Completions.json(completion("bad/name", "ev-badname-" + project, at)));
        send(completion(project, "ev-good-" + project, at));
        assertThat(awaitFolders(project, 1))
                .containsExactly(projectPrefix(project) + MarkerTime.folderTimestamp(at) + "/");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> dead = kafka.readAll(Topics.MARKERS_DLQ, r -> key.equals(r.key()));
            assertThat(dead)
                    .extracting(r -> header(r, Topics.HEADER_ERROR_CODE))
                    .containsExactly("invalid_json", "invalid_event");
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(header(dead.get(1), Topics.HEADER_ERROR_DETAIL)).contains("project");
            assertThat(header(dead.get(1), Topics.HEADER_SOURCE_TOPIC)).isEqualTo(Topics.COMPLETIONS);
        });
        assertThat(metrics()).contains("cairn_marker_dead_lettered_total{reason=\"invalid_json\"}");
    }

    @Test
    void aRecordWhoseDlqTopicIsMissingIsParkedWithAMetricAndTheKeyGoesOn() throws Exception {
        String project = Completions.project("nodlq");
        String key = Topics.key(Completions.PIPELINE, project, "default");
        try {
            // the devstack's broker has auto.create.topics.enable=false
            KafkaBroker.deleteTopic(bootstrap, Topics.MARKERS_DLQ);
            kafka.send(Topics.COMPLETIONS, key, "{not json either");
            Instant at = recent();
            send(completion(project, "ev-after-" + project, at));
            await().atMost(Duration.ofSeconds(180))
                    .until(() -> !bucket.completeFolders(projectPrefix(project)).isEmpty());
            assertThat(metrics()).containsPattern("cairn_marker_parked_total\\{reason=\"invalid_json\"[^}]*\\} [1-9]");
        } finally {
            KafkaBroker.createCairnTopics(bootstrap, 1); // creates only the missing DLQ topic again
        }
    }

    @Test
    void aCompletionOlderThanTheRetentionGetsNoFolderAndTheNextOneOfItsKeyDoes() {
        String project = Completions.project("retention");
        Instant old = recent().minus(Duration.ofDays(31));
        send(completion(project, "ev-old-" + project, old));
        Instant at = recent();
        send(completion(project, "ev-new-" + project, at)); // same key: processed after the old one
        assertThat(awaitFolders(project, 1))
                .containsExactly(projectPrefix(project) + MarkerTime.folderTimestamp(at) + "/");
        assertThat(markersWritten("ev-old-" + project)).isEmpty();
        assertThat(kafka.readAll(Topics.MARKERS_DLQ, r -> r.key().contains(project)))
                .isEmpty();
    }

    private static CompletionRecorded completion(String project, String eventId, Instant startedAt) {
        return Completions.completed(
                Completions.PIPELINE, project, "sync", eventId, startedAt, startedAt.plusSeconds(30), null);
    }

    private static Instant recent() {
        return Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String metrics() {
        return RestAssured.given().get("/q/metrics").asString();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
