package dev.cairn.bootstrap.scan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.bootstrap.LedgerProcessResource;
import dev.cairn.bootstrap.S3Fixture;
import dev.cairn.bootstrap.ScanClient;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.StageEventValidator;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.S3Server;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's {@code generate_retroactive_log.py} is the oracle: both layouts, decoys, files outside the prefixes,
 * projects at metashape only, postprocess only and both; the dry run's entries must be its output. Then the real run
 * emits one event per (project, stage found), and a second run emits the very same ids and bytes.
 * The test profile lists 4 keys a page, so delimiter pages, folder pages and checkpoints all come into play.
 */
@QuarkusTest
@QuarkusTestResource(LedgerProcessResource.class)
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        initArgs = @ResourceArg(name = "services", value = "kafka,postgres,s3"))
class RetroactiveScanTest {

    static final String INTERNAL_PREFIX = "photogrammetry/default-run";
    static final String PUBLIC_PREFIX = "postprocessed";
    static final Path SEED_SCRIPT = Path.of("../tools/seed-scripts/generate_retroactive_log.py");

    private static String internal;
    private static String published;

    @ConfigProperty(name = "quarkus.s3.endpoint-override")
    String endpoint;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @BeforeEach
    void fillBucketsOnce() {
        if (internal != null) {
            return;
        }
        LedgerProcessResource.declare("photogrammetry", "metashape", "postprocess");
        LedgerProcessResource.declare("sync", "extract", "load");
        try (S3Fixture s3 = new S3Fixture(endpoint)) {
            String in = s3.bucket("oracle-internal");
            String pub = s3.bucket("oracle-public");
            s3.putAll(
                    in,
                    List.of(
                            INTERNAL_PREFIX + "/m_only/m_only_ortho.tif",
                            INTERNAL_PREFIX + "/m_only/m_only_report.pdf",
                            INTERNAL_PREFIX + "/both/both_dsm-ptcloud.tif",
                            INTERNAL_PREFIX + "/both/both_ptcloud.laz",
                            INTERNAL_PREFIX + "/both/both_log.txt",
                            INTERNAL_PREFIX + "/both/both_dsm-mesh.tif",
                            INTERNAL_PREFIX + "/both/both_ortho.tif.aux.xml",
                            INTERNAL_PREFIX + "/las_proj/sub/las_proj_ptcloud.las",
                            INTERNAL_PREFIX + "/decoy_only/decoy_only_ortho.tif.aux.xml",
                            INTERNAL_PREFIX + "/decoy_only/decoy_only_ortho.tiff",
                            INTERNAL_PREFIX + "/direct_file_ortho.tif",
                            INTERNAL_PREFIX + "/readme.txt",
                            INTERNAL_PREFIX + "/bad name/bad name_ortho.tif",
                            INTERNAL_PREFIX + "-old/old_proj/old_proj_ortho.tif",
                            "photogrammetry/other-run/outside/outside_ortho.tif",
                            "custom/a.done",
                            "custom/b.done",
                            "custom/b.tmp",
                            "loaded/a/_SUCCESS",
                            "loaded/c/partial.csv",
                            "outside_ortho.tif"),
                    4);
            for (int i = 0; i < 9; i++) {
                s3.put(in, INTERNAL_PREFIX + "/filler_" + i + "/filler_" + i + "_notes.txt");
            }
            // two sentinels of one project at different times: the later one is the project's timestamp
            s3.putLaterThan(
                    in,
                    INTERNAL_PREFIX + "/las_proj/las_proj_ortho.tif",
                    INTERNAL_PREFIX + "/las_proj/sub/las_proj_ptcloud.las");
            s3.putAll(
                    pub,
                    List.of(
                            PUBLIC_PREFIX + "/both_ortho.tif",
                            PUBLIC_PREFIX + "/p_only_ortho.tif",
                            PUBLIC_PREFIX + "/p_only_dsm-mesh.tif",
                            PUBLIC_PREFIX + "/decoy_ortho.tiff",
                            PUBLIC_PREFIX + "/decoy2_ortho.tif.aux.xml",
                            PUBLIC_PREFIX + "/sub/nested_ortho.tif",
                            "other/outside_ortho.tif"),
                    4);
            internal = in;
            published = pub;
        }
    }

    static String request(String pipeline, boolean dryRun, String internalBucket, String publicBucket) {
        return """
                {"pipeline": "%s", "dry_run": %s, "stages": ["metashape", "postprocess"],
                 "sources": {"metashape": {"bucket": "%s", "prefix": "%s"},
                             "postprocess": {"bucket": "%s", "prefix": "%s"}}}""".formatted(pipeline, dryRun, internalBucket, INTERNAL_PREFIX, publicBucket, PUBLIC_PREFIX);
    }

    @Test
    void dryRunEntriesAreTheSeedScriptsOutput() throws Exception {
        String id = ScanClient.start(request("photogrammetry", true, internal, published));
        JsonPath scan = ScanClient.awaitEnd(id, Duration.ofSeconds(60));
        assertThat(scan.getString("state")).as(scan.prettify()).isEqualTo("completed");

        SeedRun seed = runSeedScript();
        List<JsonNode> ours = ScanClient.entries(id);

        // the seed prints project names that break docs/design.md §2; the scan reports them as problems instead
        List<String> rejected = scan.getList("problems.subject", String.class);
        assertThat(rejected).containsExactlyInAnyOrder("-old", "bad name");
        List<JsonNode> expected = seed.entries.stream()
                .filter(e -> !rejected.contains(e.get("project_name").asText()))
                .toList();
        assertThat(seed.entries).hasSize(expected.size() + 2);

        assertThat(normalised(ours)).isEqualTo(normalised(expected));
        assertThat(ours)
                .extracting(e -> e.get("project_name").asText())
                .containsExactly("both", "direct_file", "las_proj", "m_only", "p_only", "sub");
        assertThat(scan.getList("sources.objects_listed", Long.class))
                .containsExactly(seed.objectsFound.get(0), seed.objectsFound.get(1));
        assertThat(scan.getMap("progress.projects_per_level")).isEqualTo(Map.of("metashape", 3, "postprocess", 3));
        assertThat(scan.getMap("progress.projects_per_stage")).isEqualTo(Map.of("metashape", 4, "postprocess", 3));
        assertThat(scan.getLong("progress.events_emitted")).isZero();

        Instant lasOrtho = new S3Fixture(endpoint)
                .head(internal, INTERNAL_PREFIX + "/las_proj/las_proj_ortho.tif")
                .lastModified();
        assertThat(Instant.parse(ours.get(2).get("timestamp").asText())).isEqualTo(lasOrtho);

        // an ended scan cannot be cancelled
        given().delete("/api/v1/scans/" + id)
                .then()
                .statusCode(409)
                .body("error", org.hamcrest.Matchers.equalTo("scan_ended"));
    }

    @Test
    void realRunEmitsOneEventPerProjectAndStageAndARerunEmitsTheSameBytes() throws Exception {
        String pipeline = "oracle-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        LedgerProcessResource.declare(pipeline, "metashape", "postprocess");
        String first = ScanClient.start(request(pipeline, false, internal, published));
        JsonPath scan = ScanClient.awaitEnd(first, Duration.ofSeconds(60));
        assertThat(scan.getString("state")).as(scan.prettify()).isEqualTo("completed");
        assertThat(scan.getLong("progress.events_emitted")).isEqualTo(7);
        // the ledger's own verdict: all 7 applied, and its projects' versions add up to the same 7 events
        assertThat(scan.getLong("progress.events_applied")).isEqualTo(7);
        assertThat(scan.getLong("progress.duplicates")).isZero();
        assertThat(scan.getLong("progress.refused")).isZero();
        assertThat(LedgerProcessResource.appliedEvents(pipeline)).isEqualTo(7);

        Map<String, String> firstRun = events(pipeline);
        assertThat(firstRun).hasSize(7);
        Map<String, JsonNode> byStageAndProject = new LinkedHashMap<>();
        for (String value : firstRun.values()) {
            assertThat(new StageEventValidator().validate(value).valid())
                    .as(value)
                    .isTrue();
            JsonNode event = Json.mapper().readTree(value);
            byStageAndProject.put(
                    event.get("stage").asText() + ":" + event.get("project").asText(), event);
        }
        assertThat(byStageAndProject.keySet())
                .containsExactlyInAnyOrder(
                        "metashape:both",
                        "metashape:direct_file",
                        "metashape:las_proj",
                        "metashape:m_only",
                        "postprocess:both",
                        "postprocess:p_only",
                        "postprocess:sub");
        JsonNode las = byStageAndProject.get("metashape:las_proj");
        String lasKey = INTERNAL_PREFIX + "/las_proj/las_proj_ortho.tif";
        var head = new S3Fixture(endpoint).head(internal, lasKey);
        assertThat(las.get("event_id").asText()).matches("bootstrap-[0-9a-f]{40}");
        assertThat(las.get("type").asText()).isEqualTo("stage.completed");
        assertThat(las.get("run_id").asText()).isEqualTo("retroactive-bootstrap");
        assertThat(las.get("config_id").asText()).isEqualTo("default");
        assertThat(Instant.parse(las.get("occurred_at").asText())).isEqualTo(head.lastModified());
        assertThat(las.get("attributes").get("source").asText()).isEqualTo("s3-scan");
        assertThat(las.get("attributes").get("bucket").asText()).isEqualTo(internal);
        assertThat(las.get("attributes").get("key").asText()).isEqualTo(lasKey);
        assertThat(las.get("attributes").get("etag").asText())
                .isEqualTo(head.eTag().replace("\"", ""));

        String second = ScanClient.start(request(pipeline, false, internal, published));
        JsonPath again = ScanClient.awaitEnd(second, Duration.ofSeconds(60));
        assertThat(again.getString("state")).isEqualTo("completed");
        // the second scan: everything a duplicate, nothing added to the ledger
        assertThat(again.getLong("progress.events_emitted")).isEqualTo(7);
        assertThat(again.getLong("progress.events_applied")).isZero();
        assertThat(again.getLong("progress.duplicates")).isEqualTo(7);
        assertThat(again.getLong("progress.refused")).isZero();
        assertThat(LedgerProcessResource.appliedEvents(pipeline)).isEqualTo(7);
        List<ConsumerRecord<String, byte[]>> all = records(pipeline);
        assertThat(all).hasSize(14);
        Map<String, List<String>> payloadsById = all.stream()
                .collect(Collectors.groupingBy(
                        r -> eventId(r),
                        Collectors.mapping(r -> new String(r.value(), StandardCharsets.UTF_8), Collectors.toList())));
        assertThat(payloadsById.keySet()).isEqualTo(firstRun.keySet());
        payloadsById.forEach(
                (eventId, payloads) -> assertThat(payloads).hasSize(2).containsOnly(firstRun.get(eventId)));

        given().get("/api/v1/scans?limit=500").then().statusCode(200);
        assertThat(given().get("/api/v1/scans?limit=500").jsonPath().getList("id", String.class))
                .contains(first, second);
    }

    @Test
    void customStagesUseTheirOwnLayoutSentinelsAndProjectPattern() throws Exception {
        String id = ScanClient.start("""
                {"pipeline": "sync", "config_id": "nightly", "dry_run": true, "stages": ["extract", "load"],
                 "sources": {"extract": {"bucket": "%s", "prefix": "custom/", "layout": "flat", "sentinels": ["\\\\.done$"],
                                         "project_pattern": "^(.+)\\\\.done$"},
                             "load": {"bucket": "%s", "prefix": "loaded/", "layout": "folder", "sentinels": ["/_SUCCESS$"]}}}""".formatted(internal, internal));
        JsonPath scan = ScanClient.awaitEnd(id, Duration.ofSeconds(60));
        assertThat(scan.getString("state")).as(scan.prettify()).isEqualTo("completed");
        List<JsonNode> entries = ScanClient.entries(id);
        assertThat(entries)
                .extracting(e -> e.get("project_name").asText() + ":"
                        + e.get("completion_level").asText() + ":"
                        + e.get("config_id").asText())
                .containsExactly("a:load:nightly", "b:extract:nightly");
        assertThat(scan.getMap("progress.projects_per_stage")).isEqualTo(Map.of("extract", 2, "load", 1));
        assertThat(scan.getList("sources.layout", String.class)).containsExactly("flat", "folder");
    }

    private Map<String, String> events(String pipeline) {
        Map<String, String> byId = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : records(pipeline)) {
            assertThat(r.key()).startsWith(pipeline + "/").endsWith("/default");
            byId.put(eventId(r), new String(r.value(), StandardCharsets.UTF_8));
        }
        return byId;
    }

    private List<ConsumerRecord<String, byte[]>> records(String pipeline) {
        try (KafkaTestClient client = new KafkaTestClient(kafka)) {
            return client.readAll(
                    Topics.STAGE_EVENTS, r -> r.key() != null && r.key().startsWith(pipeline + "/"));
        }
    }

    private static String eventId(ConsumerRecord<String, byte[]> r) {
        try {
            return Json.mapper().readTree(r.value()).get("event_id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Entries as comparable strings: the same fields, the timestamp as an instant (the seed writes +00:00, Cairn Z). */
    private static List<String> normalised(List<JsonNode> entries) {
        return entries.stream()
                .map(e -> String.join(
                        "|",
                        e.get("project_name").asText(),
                        e.get("config_id").asText(),
                        e.get("completion_level").asText(),
                        Instant.parse(e.get("timestamp").asText().replace("+00:00", "Z"))
                                .toString(),
                        e.get("workflow_name").asText()))
                .toList();
    }

    record SeedRun(List<JsonNode> entries, List<Long> objectsFound) {}

    /** {@code python3 generate_retroactive_log.py --dry-run} against the devstack S3, as the seed documents it. */
    private SeedRun runSeedScript() throws Exception {
        assertThat(SEED_SCRIPT).exists();
        File stderr = Files.createTempFile("seed-", ".err").toFile();
        ProcessBuilder pb = new ProcessBuilder(
                        "python3",
                        SEED_SCRIPT.toString(),
                        "--internal-bucket",
                        internal,
                        "--internal-prefix",
                        INTERNAL_PREFIX,
                        "--public-bucket",
                        published,
                        "--public-prefix",
                        PUBLIC_PREFIX,
                        "--config-id",
                        "default",
                        "--output",
                        "/dev/null",
                        "--dry-run")
                .redirectError(stderr);
        pb.environment().put("S3_ENDPOINT", endpoint);
        pb.environment().put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        pb.environment().put("AWS_DEFAULT_REGION", S3Server.REGION);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(stderr.toPath());
        assertThat(p.exitValue()).as(err).isZero();
        List<JsonNode> entries = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                entries.add(Json.mapper().readTree(line));
            }
        }
        List<Long> found = new ArrayList<>();
        Matcher m = Pattern.compile("Found (\\d+) objects").matcher(err);
        while (m.find()) {
            found.add(Long.parseLong(m.group(1)));
        }
        assertThat(found).as(err).hasSize(2);
        return new SeedRun(entries, found);
    }
}
