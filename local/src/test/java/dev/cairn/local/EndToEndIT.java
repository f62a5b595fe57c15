package dev.cairn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.S3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The four packaged services as processes on the devstack, driven only through the public contracts: a Kafka
 * producer for stage events, S3 listings for markers, HTTP for the ledger, planner and bootstrap APIs. The services are
 * the {@link SharedCluster}'s; this class keeps to pipeline photogrammetry's projects m1-m4, b1-b4 and obs&lt;pid&gt;.
 */
@ExtendWith(SharedCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    static final String PIPELINE = "photogrammetry";
    static CairnCluster cluster;
    static CairnClient http;

    @BeforeAll
    static void start() {
        cluster = SharedCluster.cluster();
        http = new CairnClient(cluster.token());
    }

    @Test
    @Order(1)
    void eventsBecomeLedgerStateMarkersAndPlansAndBootstrapFillsTheLedgerOnce() {
        declarePipeline();
        Instant start = Instant.parse("2025-09-12T14:30:22Z");
        try (KafkaTestClient kafka = new KafkaTestClient(cluster.settings().kafkaBootstrapServers());
                S3Client s3 = S3Server.client(cluster.settings().s3Endpoint())) {
            // events in, with duplicates and one poison message
            List<ObjectNode> events = List.of(
                    event("e2e-1", "m1", "metashape", start),
                            event("e2e-2", "m1", "postprocess", start.plusSeconds(60)),
                    event("e2e-3", "m2", "metashape", start),
                            event("e2e-4", "m3", "postprocess", start.plusSeconds(5)));
            for (int copy = 0; copy < 2; copy++) {
                for (ObjectNode e : events) {
                    kafka.send(
                            Topics.STAGE_EVENTS,
                            Topics.key(PIPELINE, e.get("project").asText(), "default"),
                            e.toString());
                }
            }
            kafka.send(
                    Topics.STAGE_EVENTS,
                    PIPELINE + "/poison/default",
                    "{\"event_id\": \"x\", \"project\": \"../../etc\"");

            // ledger -> outbox -> marker folder, found the way an Airflow S3KeySensor with wildcard_match=True finds it
            String sensorKey = "completion_markers/" + PIPELINE + "/m1/"
                    + DateTimeFormatter.ofPattern("yyyyMMdd")
                            .withZone(ZoneOffset.UTC)
                            .format(start.plusSeconds(60).minusSeconds(45))
                    + "_*/completion_marker.txt";
            String listPrefix = sensorKey.substring(0, sensorKey.indexOf('*'));
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + sensorKey);
            String found = await().atMost(Duration.ofSeconds(90))
                    .until(
                            () -> s3
                                    .listObjectsV2Paginator(b ->
                                            b.bucket(CairnCluster.MARKER_BUCKET).prefix(listPrefix))
                                    .contents()
                                    .stream()
                                    .map(S3Object::key)
                                    .filter(k -> glob.matches(Path.of(k)))
                                    .findFirst()
                                    .orElse(null),
                            k -> k != null);
            String folder = found.substring(0, found.lastIndexOf('/') + 1);
            JsonNode metadata = readJson(s3, folder + "execution_metadata.json");
            assertThat(metadata.path("pipeline").asText()).isEqualTo(PIPELINE);
            assertThat(metadata.path("tables_requested").get(0).asText()).isEqualTo("m1");
            assertThat(metadata.path("summary").path("total_rows_processed").asLong())
                    .as("%s of %s", metadata, found)
                    .isEqualTo(15000);
            assertThat(readJson(s3, folder + "table_metrics.json")
                            .path("table_name")
                            .asText())
                    .isEqualTo("m1");
            // m3 completed its final stage too; m2 did not: no marker
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            keys(s3, "completion_markers/" + PIPELINE + "/m3/").size() == 3);
            assertThat(keys(s3, "completion_markers/" + PIPELINE + "/m2/")).isEmpty();
            assertThat(keys(s3, "completion_markers/" + PIPELINE + "/m1/"))
                    .as("duplicates make no second folder")
                    .hasSize(3);

            // the poison message is in the DLQ, the rest applied once
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            kafka.readAll(Topics.STAGE_EVENTS_DLQ, r -> (PIPELINE + "/poison/default").equals(r.key()))
                                            .size()
                                    == 1);
            JsonNode m1 = json(http.get(url(CairnCluster.Service.LEDGER, "/api/v1/completions/" + PIPELINE + "/m1")));
            assertThat(m1.path("level").asText()).isEqualTo("postprocess");
            assertThat(m1.path("version").asLong()).isEqualTo(2);

            // the planner answers from its view of cairn.completions
            String list = "configs/m1.yml\nconfigs/m2.yml\n# comment\nconfigs/m3.yml\nconfigs/m4.yml\n";
            CairnClient.Answer remaining = http.post(
                    url(
                            CairnCluster.Service.PLANNER,
                            "/api/v1/plan/config-list?fresh=true&pipeline=" + PIPELINE
                                    + "&skip_if_complete=postprocess"),
                    "text/plain",
                    list);
            assertThat(remaining.status()).isEqualTo(200);
            assertThat(remaining.body()).isEqualTo("configs/m2.yml\nconfigs/m4.yml\n");
            CairnClient.Answer both = http.post(
                    url(CairnCluster.Service.PLANNER, "/api/v1/plan?fresh=true"),
                    "application/json",
                    "{\"pipeline\": \"" + PIPELINE
                            + "\", \"skip_if_complete\": \"both\", \"projects\": [\"m1\", \"m2\", \"m4\"]}");
            assertThat(both.status()).isEqualTo(200);
            assertThat(both.body()).contains("skip_metashape");

            // bootstrap over seeded products: a dry run, a real run, and a re-run that adds nothing
            for (String key : List.of(
                    "internal/b1/b1_ortho.tif",
                    "internal/b2/b2_ptcloud.laz",
                    "internal/b2/notes.txt",
                    "public/b1_ortho.tif",
                    "public/b3_ortho.tif",
                    "public/b4_ortho.tif.aux.xml")) {
                s3.putObject(b -> b.bucket(CairnCluster.PRODUCTS_BUCKET).key(key), RequestBody.fromString("x"));
            }
            JsonNode dry = scan(true);
            String entries = http.get(url(
                            CairnCluster.Service.BOOTSTRAP,
                            "/api/v1/scans/" + dry.path("id").asText() + "/entries"))
                    .body();
            assertThat(entries.lines()
                            .map(l -> json(l).path("project_name").asText() + ":"
                                    + json(l).path("completion_level").asText()))
                    .containsExactly("b1:postprocess", "b2:metashape", "b3:postprocess");
            // a real scan completes once the ledger has a verdict on every event it sent: all applied
            JsonNode real = scan(false);
            assertThat(real.at("/progress/events_emitted").asLong()).isEqualTo(4);
            assertThat(real.at("/progress/events_applied").asLong()).isEqualTo(4);
            assertThat(real.at("/progress/refused").asLong()).isZero();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(json(http.get(url(CairnCluster.Service.LEDGER, "/api/v1/completions/" + PIPELINE + "/b1")))
                                .path("level")
                                .asText())
                        .isEqualTo("postprocess");
                assertThat(json(http.get(url(CairnCluster.Service.LEDGER, "/api/v1/completions/" + PIPELINE + "/b3")))
                                .path("level")
                                .asText())
                        .isEqualTo("postprocess");
                assertThat(json(http.get(url(CairnCluster.Service.LEDGER, "/api/v1/completions/" + PIPELINE + "/b2")))
                                .path("level")
                                .asText())
                        .isEqualTo("metashape");
            });
            long before = ledgerVersions("b1", "b2", "b3");
            JsonNode again = scan(false);
            assertThat(again.at("/progress/duplicates").asLong()).isEqualTo(4);
            assertThat(again.at("/progress/events_applied").asLong()).isZero();
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> ledgerVersions("b1", "b2", "b3") == before);
        }
    }

    /**
     * After a little traffic of its own (a marker, a dead letter, a plan, a dry-run scan), every metric name that the
     * Grafana dashboard and the alert rules use is on some service's {@code /q/metrics}; and the JSON logs of the
     * ledger (dead letter) and the marker (folder written) carry the event's fields in {@code mdc}.
     */
    @Test
    @Order(2)
    void dashboardAndAlertMetricsAreExposedAndLogsCarryTheEvent() throws Exception {
        String project = "obs" + ProcessHandle.current().pid();
        declarePipeline();
        Instant at = Instant.parse("2025-10-01T08:00:00Z");
        try (KafkaTestClient kafka = new KafkaTestClient(cluster.settings().kafkaBootstrapServers())) {
            String key = Topics.key(PIPELINE, project, "default");
            kafka.send(
                    Topics.STAGE_EVENTS,
                    key,
                    event(project + "-done", project, "postprocess", at).toString());
            kafka.send(
                    Topics.STAGE_EVENTS,
                    key,
                    event(project + "-bad", project, "nosuchstage", at).toString());
        }
        assertThat(http.post(
                                url(CairnCluster.Service.PLANNER, "/api/v1/plan?fresh=true"),
                                "application/json",
                                "{\"pipeline\": \"" + PIPELINE + "\", \"skip_if_complete\": \"both\", \"projects\": [\""
                                        + project + "\"]}")
                        .status())
                .isEqualTo(200);
        scan(true);

        Path repo = cluster.repo();
        Set<String> used = new TreeSet<>();
        MonitoringQueries.dashboardExpressions(repo).forEach(e -> used.addAll(MonitoringQueries.metricNames(e)));
        MonitoringQueries.alertExpressions(repo).values().forEach(e -> used.addAll(MonitoringQueries.metricNames(e)));
        assertThat(used).contains("cairn_ledger_outbox_leader", "cairn_marker_write_latency_seconds_bucket");
        // the Kafka client's per-partition metrics appear at its metrics binder's next refresh (once a minute)
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    Set<String> exposed = new TreeSet<>();
                    for (CairnCluster.Service s : CairnCluster.Service.values()) {
                        exposed.addAll(MonitoringQueries.exposed(
                                http.get(url(s, "/q/metrics")).body()));
                    }
                    assertThat(exposed).as("exposed by the four services").containsAll(used);
                });

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(mdcOf(CairnCluster.Service.LEDGER, project + "-bad"))
                    .containsEntry("event_id", project + "-bad")
                    .containsEntry("run_id", "e2e-run")
                    .containsEntry("pipeline", PIPELINE)
                    .containsEntry("project", project);
            assertThat(mdcOf(CairnCluster.Service.MARKER, project + "-done"))
                    .containsEntry("event_id", project + "-done")
                    .containsEntry("run_id", "e2e-run")
                    .containsEntry("pipeline", PIPELINE)
                    .containsEntry("project", project);
        });
    }

    private static void declarePipeline() {
        assertThat(http.put(
                                url(CairnCluster.Service.LEDGER, "/api/v1/pipelines/" + PIPELINE),
                                "{\"stages\": [\"metashape\", \"postprocess\"]}")
                        .status())
                .isIn(200, 201);
    }

    /** The {@code mdc} of the service's JSON log lines that name {@code eventId} in it (empty when none does). */
    private static Map<String, String> mdcOf(CairnCluster.Service s, String eventId) throws java.io.IOException {
        Map<String, String> mdc = new java.util.HashMap<>();
        for (String line : java.nio.file.Files.readAllLines(cluster.app(s).log())) {
            if (line.startsWith("{") && line.contains(eventId)) {
                JsonNode fields = json(line).path("mdc");
                if (eventId.equals(fields.path("event_id").asText())) {
                    fields.fields()
                            .forEachRemaining(
                                    f -> mdc.put(f.getKey(), f.getValue().asText()));
                }
            }
        }
        return mdc;
    }

    private static long ledgerVersions(String... projects) {
        long sum = 0;
        for (String p : projects) {
            sum += json(http.get(url(CairnCluster.Service.LEDGER, "/api/v1/completions/" + PIPELINE + "/" + p)))
                    .path("version")
                    .asLong();
        }
        return sum;
    }

    private static JsonNode scan(boolean dryRun) {
        String body = """
                {"pipeline": "%s", "dry_run": %s, "stages": ["metashape", "postprocess"], "sources": {
                  "metashape": {"bucket": "%s", "prefix": "internal/", "layout": "folder"},
                  "postprocess": {"bucket": "%s", "prefix": "public/", "layout": "flat"}}}
                """.formatted(PIPELINE, dryRun, CairnCluster.PRODUCTS_BUCKET, CairnCluster.PRODUCTS_BUCKET);
        CairnClient.Answer started =
                http.post(url(CairnCluster.Service.BOOTSTRAP, "/api/v1/scans"), "application/json", body);
        assertThat(started.status()).as(started.body()).isIn(201, 202);
        String id = json(started).path("id").asText();
        JsonNode done = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> json(http.get(url(CairnCluster.Service.BOOTSTRAP, "/api/v1/scans/" + id))),
                        s -> List.of("completed", "failed", "cancelled")
                                .contains(s.path("state").asText()));
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("completed");
        return done;
    }

    /** The marker bucket's keys under {@code prefix}. */
    static List<String> keys(S3Client s3, String prefix) {
        return MarkerKeys.keys(s3, prefix);
    }

    private static JsonNode readJson(S3Client s3, String key) {
        return json(
                s3.getObjectAsBytes(b -> b.bucket(CairnCluster.MARKER_BUCKET).key(key))
                        .asString(StandardCharsets.UTF_8));
    }

    private static ObjectNode event(String id, String project, String stage, Instant at) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("event_id", id)
                .put("type", "stage.completed")
                .put("pipeline", PIPELINE)
                .put("project", project)
                .put("config_id", "default")
                .put("stage", stage)
                .put("run_id", "e2e-run")
                .put("occurred_at", at.toString())
                .put("started_at", at.minusSeconds(45).toString());
        e.putObject("metrics").put("rows_processed", 15000).put("files_created", 3);
        return e;
    }

    private static String url(CairnCluster.Service s, String path) {
        return cluster.url(s) + path;
    }

    private static JsonNode json(CairnClient.Answer a) {
        assertThat(a.status()).as(a.body()).isLessThan(300);
        return json(a.body());
    }

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(s, e);
        }
    }
}
