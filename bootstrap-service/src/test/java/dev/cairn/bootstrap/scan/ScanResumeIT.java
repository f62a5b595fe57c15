package dev.cairn.bootstrap.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.bootstrap.LedgerProcessResource;
import dev.cairn.bootstrap.PackagedApp;
import dev.cairn.bootstrap.S3Fixture;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.DevStack;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.Postgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash and restart of the packaged app ({@code target/quarkus-app/quarkus-run.jar}, prod profile, configured through
 * the devstack's environment variables) in the middle of a scan of 20,000 objects (4,000 project folders x 5 files,
 * 20 listing pages):
 * SIGKILL once some pages are committed, check the checkpoint in PostgreSQL, start the app again. The scan must resume
 * from its checkpoint (objects listed after the restart = 20,000 - checkpoint) and end with the same result as an
 * uninterrupted scan: every project once, 4,000 events with content-derived ids on cairn.stage-events.
 */
class ScanResumeIT {

    static final int FOLDERS = 4_000;
    static final int FILES_PER_FOLDER = 5;
    static final int OBJECTS = FOLDERS * FILES_PER_FOLDER;

    private static DevStack stack;
    private static String database;
    private static String bucket;
    private static Map<String, String> env;

    @BeforeAll
    static void devstackAndBucket() {
        stack = DevStack.shared().ensure(EnumSet.allOf(DevStack.Service.class));
        database = "cairn_bootstrap_it_"
                + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        Postgres postgres = stack.requirePostgres();
        postgres.createDatabase(database);
        env = new LinkedHashMap<>(
                stack.settings().withJdbcUrl(postgres.jdbcUrl(database)).environment());
        env.put("CAIRN_BOOTSTRAP_POLL_INTERVAL", "1s");
        // a real ledger checks the pipeline at submission and gives its verdict on every event sent
        Map<String, String> ledger = new LedgerProcessResource().start();
        env.put("CAIRN_BOOTSTRAP_LEDGER_URL", ledger.get("cairn.bootstrap.ledger-url"));
        env.put("CAIRN_BOOTSTRAP_LEDGER_TOKEN", ledger.get("cairn.bootstrap.ledger-token"));
        env.put("CAIRN_BOOTSTRAP_ALLOWED_BUCKETS", "resume-*");
        try (S3Fixture s3 = new S3Fixture(stack.settings().s3Endpoint())) {
            bucket = s3.bucket("resume");
            List<String> keys = new ArrayList<>(OBJECTS);
            for (int i = 0; i < FOLDERS; i++) {
                String p = "p%05d".formatted(i);
                for (String suffix :
                        List.of("_ortho.tif", "_dsm-ptcloud.tif", "_ptcloud.laz", "_report.pdf", "_log.txt")) {
                    keys.add("products/" + p + "/" + p + suffix);
                }
            }
            s3.putAll(bucket, keys, 16);
        }
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            stack.requirePostgres().dropDatabase(database);
        }
    }

    @Test
    void aKilledScanResumesFromItsCheckpointAndEndsWithTheSameResult() throws Exception {
        Path log = Files.createTempFile("bootstrap-it-", ".log");
        String pipeline = "resume-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        LedgerProcessResource.declare(pipeline, "metashape");
        String request = """
                {"pipeline": "%s", "stages": ["metashape"], "sources": {"metashape": {"bucket": "%s", "prefix": "products/"}}}""".formatted(pipeline, bucket);

        String id;
        long checkpointed;
        try (PackagedApp app = PackagedApp.start(env, log)) {
            var created = app.post("/api/v1/scans", request);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            id = Json.mapper().readTree(created.body()).get("id").asText();
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> scan(app, id)
                                    .path("progress")
                                    .path("objects_listed")
                                    .asLong()
                            >= 2_000);
            JsonNode before = scan(app, id);
            assertThat(before.get("state").asText())
                    .as("the scan must still be listing when killed")
                    .isEqualTo("listing");
            app.kill();

            checkpointed = checkpoint(UUID.fromString(id));
            assertThat(checkpointed)
                    .as("objects committed with the checkpoint at the kill")
                    .isBetween(2_000L, OBJECTS - 1L);
        }

        try (PackagedApp app = PackagedApp.start(env, log)) {
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !scan(app, id).get("state").asText().matches("queued|listing|emitting|confirming"));
            JsonNode scan = scan(app, id);
            assertThat(scan.get("state").asText()).as(scan.toString()).isEqualTo("completed");
            assertThat(scan.get("attempts").asInt()).isEqualTo(2);
            JsonNode progress = scan.get("progress");
            assertThat(progress.get("resumed_from_objects").asLong()).isEqualTo(checkpointed);
            assertThat(progress.get("objects_listed_this_attempt").asLong()).isEqualTo(OBJECTS - checkpointed);
            assertThat(progress.get("objects_listed").asLong()).isEqualTo(OBJECTS);
            assertThat(progress.get("folders_listed").asLong()).isEqualTo(FOLDERS);
            assertThat(progress.get("sentinels_matched").asLong()).isEqualTo(3L * FOLDERS);
            assertThat(progress.get("events_emitted").asLong()).isEqualTo(FOLDERS);
            assertThat(progress.get("events_applied").asLong())
                    .as("the ledger's verdict: every folder applied once, across the kill")
                    .isEqualTo(FOLDERS);
            assertThat(progress.get("refused").asLong()).isZero();
            assertThat(progress.get("projects_per_level").get("metashape").asLong())
                    .isEqualTo(FOLDERS);

            // the same result as an uninterrupted (dry) scan of the same bucket
            String reference = Json.mapper()
                    .readTree(app.post(
                                    "/api/v1/scans",
                                    request.replace("{\"pipeline\"", "{\"dry_run\": true, \"pipeline\""))
                            .body())
                    .get("id")
                    .asText();
            await().atMost(Duration.ofSeconds(300))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> scan(app, reference).get("state").asText().equals("completed"));
            assertThat(scan(app, reference).get("attempts").asInt()).isEqualTo(1);
            String resumedEntries = app.get("/api/v1/scans/" + id + "/entries").body();
            String referenceEntries =
                    app.get("/api/v1/scans/" + reference + "/entries").body();
            assertThat(resumedEntries.lines().count()).isEqualTo(FOLDERS);
            assertThat(resumedEntries).isEqualTo(referenceEntries);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\napp log:\n" + tail(log), e);
        }

        Map<String, String> byId = new HashMap<>();
        try (KafkaTestClient kafka = new KafkaTestClient(stack.settings().kafkaBootstrapServers())) {
            for (ConsumerRecord<String, byte[]> r : kafka.readAll(
                    Topics.STAGE_EVENTS, r -> r.key() != null && r.key().startsWith(pipeline + "/"))) {
                String value = new String(r.value(), StandardCharsets.UTF_8);
                String eventId = Json.mapper().readTree(value).get("event_id").asText();
                String previous = byId.putIfAbsent(eventId, value);
                assertThat(previous == null || previous.equals(value))
                        .as("a re-sent event is byte-identical: " + eventId)
                        .isTrue();
            }
        }
        assertThat(byId).hasSize(FOLDERS);
    }

    private static JsonNode scan(PackagedApp app, String id) throws Exception {
        var response = app.get("/api/v1/scans/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    /** What PostgreSQL holds for the scan's source after the kill: objects counted with the committed checkpoint. */
    private static long checkpoint(UUID scan) throws Exception {
        try (Connection c = stack.requirePostgres().connect(database);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT objects_listed, continuation_token, done FROM bootstrap.scan_source WHERE scan_id = ?")) {
            ps.setObject(1, scan);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2))
                        .as("a continuation token was checkpointed")
                        .isNotNull();
                assertThat(rs.getBoolean(3)).isFalse();
                return rs.getLong(1);
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
