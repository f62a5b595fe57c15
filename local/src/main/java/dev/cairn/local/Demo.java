package dev.cairn.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.S3Server;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The newcomer's tour: declare a pipeline, publish stage events (Kafka and HTTP), wait for the S3 markers, ask the
 * planner what remains in each skip mode, and dry-run a bootstrap scan. Every step checks its own outcome and the
 * demo fails loudly if one does not hold.
 */
public final class Demo {

    static final String PIPELINE = "photogrammetry";
    private final CairnCluster cluster;
    private final CairnClient http;
    private final PrintStream out;
    private final String run = "demo-" + UUID.randomUUID().toString().substring(0, 6);
    private int failures;

    public Demo(CairnCluster cluster, PrintStream out) {
        this.cluster = cluster;
        this.http = new CairnClient(cluster.token());
        this.out = out;
    }

    /** Runs every step; returns the number of failed checks. */
    public int run() {
        step(
                "Declare the pipeline photogrammetry: metashape -> postprocess (ledger PUT /api/v1/pipelines)",
                this::declare);
        step(
                "Publish stage events for mission_001..mission_004 to Kafka (cairn.stage-events), one duplicate included",
                this::publish);
        step("Record mission_005 through HTTP (ledger POST /api/v1/events)", this::postOne);
        step("Wait for the S3 completion markers of the projects whose final stage is complete", this::markers);
        step("Ask the planner which of mission_001..mission_006 remain, in each skip mode", this::planner);
        step("Bootstrap dry run over a few products seeded in s3://" + CairnCluster.PRODUCTS_BUCKET, this::bootstrap);
        step(
                "A failed stage, then the dashboard's view of it all (planner GET /api/v1/dashboard/grid)",
                this::dashboard);
        out.println(
                failures == 0
                        ? "\nDemo finished: every check passed."
                        : "\nDemo finished with " + failures + " failed check(s).");
        return failures;
    }

    private void step(String title, Runnable body) {
        out.println("\n== " + title);
        long t0 = System.nanoTime();
        try {
            body.run();
        } catch (RuntimeException e) {
            failures++;
            out.println("   FAILED: " + e.getMessage());
        }
        out.printf("   (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
    }

    private void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
        out.println("   ok: " + what);
    }

    private void declare() {
        CairnClient.Answer a = http.put(
                cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/pipelines/" + PIPELINE,
                "{\"stages\": [\"metashape\", \"postprocess\"]}");
        out.println("   " + a.status() + " " + a.body());
        check(a.status() == 200 || a.status() == 201, "pipeline declared");
    }

    private void publish() {
        Instant t = Instant.now().minusSeconds(3600);
        List<ObjectNode> events = new ArrayList<>();
        for (int m = 1; m <= 4; m++) {
            String project = "mission_00" + m;
            events.add(event(project, "metashape", "stage.completed", t.plusSeconds(60L * m)));
            if (m <= 2) {
                events.add(event(project, "postprocess", "stage.completed", t.plusSeconds(60L * m + 30)));
            }
        }
        events.add(event("mission_004", "postprocess", "stage.started", t.plusSeconds(400)));
        try (KafkaTestClient kafka = new KafkaTestClient(cluster.settings().kafkaBootstrapServers())) {
            for (ObjectNode e : events) {
                kafka.send(Topics.STAGE_EVENTS, key(e), e.toString());
                out.println("   sent " + e.get("type").asText() + " "
                        + e.get("project").asText() + "/" + e.get("stage").asText());
            }
            kafka.send(Topics.STAGE_EVENTS, key(events.get(0)), events.get(0).toString());
            out.println("   sent the first event again (a redelivery: the ledger applies it once)");
        }
        JsonNode state = await(
                () -> json(http.get(ledger("/api/v1/completions/" + PIPELINE + "/mission_001"))),
                s -> s != null && s.path("version").asLong() == 2);
        check(
                state.path("level").asText().equals("postprocess")
                        && state.path("version").asLong() == 2,
                "mission_001 is at level postprocess after 2 applied events (the duplicate changed nothing)");
    }

    private void postOne() {
        ObjectNode e = event(
                "mission_005", "metashape", "stage.completed", Instant.now().minusSeconds(120));
        CairnClient.Answer a = http.post(ledger("/api/v1/events"), "application/json", e.toString());
        out.println("   " + a.status() + " " + a.body());
        CairnClient.Answer again = http.post(ledger("/api/v1/events"), "application/json", e.toString());
        out.println("   again: " + again.status() + " " + again.body());
        check(a.status() == 201 && again.status() == 200, "201 when applied, 200 for the same event again");
    }

    private void markers() {
        try (S3Client s3 = S3Server.client(cluster.settings().s3Endpoint())) {
            String prefix = "completion_markers/" + PIPELINE + "/";
            List<String> keys = await(() -> MarkerKeys.completionMarkers(s3, prefix), k -> k.size() >= 2);
            s3.listObjectsV2Paginator(b -> b.bucket(CairnCluster.MARKER_BUCKET).prefix(prefix))
                    .contents()
                    .forEach(o -> out.println("   s3://" + CairnCluster.MARKER_BUCKET + "/" + o.key()));
            check(
                    keys.stream().anyMatch(k -> k.contains("/mission_001/"))
                            && keys.stream().anyMatch(k -> k.contains("/mission_002/"))
                            && keys.stream().noneMatch(k -> k.contains("/mission_003/")),
                    "markers for mission_001 and mission_002 only (final stage complete)");
            String text = s3.getObjectAsBytes(
                            b -> b.bucket(CairnCluster.MARKER_BUCKET).key(keys.get(0)))
                    .asUtf8String();
            out.println("   --- " + keys.get(0));
            text.lines().forEach(l -> out.println("   | " + l));
            check(
                    text.startsWith("SYNC_COMPLETED\nPipeline: photogrammetry\nTable: mission_001\nStatus: SUCCESS\n"),
                    "completion_marker.txt has the markers document's lines");
        }
    }

    private void planner() {
        String list = String.join(
                        "\n",
                        "# the batch of configs",
                        "configs/mission_001.yml",
                        "configs/mission_002.yml",
                        "configs/mission_003.yml",
                        "/data/configs/mission_004.yml",
                        "configs/mission_005.yml",
                        "configs/mission_006.yml  # new")
                + "\n";
        Map<String, String> expected = Map.of(
                "none", "mission_001 mission_002 mission_003 mission_004 mission_005 mission_006",
                "metashape", "mission_006",
                "postprocess", "mission_003 mission_004 mission_005 mission_006");
        for (String mode : List.of("none", "metashape", "postprocess")) {
            CairnClient.Answer a = http.post(
                    planner("/api/v1/plan/config-list?fresh=true&pipeline=" + PIPELINE + "&skip_if_complete=" + mode),
                    "text/plain",
                    list);
            List<String> remaining =
                    a.body().lines().map(l -> l.replaceAll(".*/|\\.yml.*", "")).toList();
            out.println("   skip_if_complete=" + mode + " -> " + a.status() + ": " + String.join(", ", remaining));
            check(String.join(" ", remaining).equals(expected.get(mode)), "config list for " + mode);
        }
        String plan = "{\"pipeline\": \"" + PIPELINE + "\", \"skip_if_complete\": \"both\", \"projects\": "
                + "[\"mission_001\", \"mission_003\", \"mission_006\"]}";
        CairnClient.Answer a = http.post(planner("/api/v1/plan?fresh=true"), "application/json", plan);
        JsonNode body = json(a);
        for (JsonNode p : body.path("projects")) {
            out.println("   both: " + p);
        }
        out.println("   summary: " + body.path("summary"));
        check(
                a.status() == 200 && body.toString().contains("skip_metashape"),
                "mode both skips mission_001 and only metashape of mission_003");
    }

    private void bootstrap() {
        try (S3Client s3 = S3Server.client(cluster.settings().s3Endpoint())) {
            for (String key : List.of(
                    "internal/" + run + "/mission_101/mission_101_ortho.tif",
                    "internal/" + run + "/mission_101/mission_101_report.pdf",
                    "internal/" + run + "/mission_102/mission_102_ptcloud.laz",
                    "public/" + run + "/mission_101_ortho.tif",
                    "public/" + run + "/mission_103_ortho.tif",
                    "public/" + run + "/mission_104_ortho.tif.aux.xml")) {
                s3.putObject(b -> b.bucket(CairnCluster.PRODUCTS_BUCKET).key(key), RequestBody.fromString("x"));
                out.println("   put s3://" + CairnCluster.PRODUCTS_BUCKET + "/" + key);
            }
        }
        String scan = """
                {"pipeline": "%s", "config_id": "default", "dry_run": true, "stages": ["metashape", "postprocess"],
                 "sources": {
                   "metashape": {"bucket": "%s", "prefix": "internal/%s", "layout": "folder"},
                   "postprocess": {"bucket": "%s", "prefix": "public/%s", "layout": "flat"}}}
                """.formatted(PIPELINE, CairnCluster.PRODUCTS_BUCKET, run, CairnCluster.PRODUCTS_BUCKET, run);
        CairnClient.Answer started =
                http.post(cluster.url(CairnCluster.Service.BOOTSTRAP) + "/api/v1/scans", "application/json", scan);
        out.println("   " + started.status() + " " + started.body());
        String id = json(started).path("id").asText();
        JsonNode done = await(
                () -> json(http.get(cluster.url(CairnCluster.Service.BOOTSTRAP) + "/api/v1/scans/" + id)),
                s -> s != null
                        && List.of("completed", "failed", "cancelled")
                                .contains(s.path("state").asText()));
        out.println("   scan " + done.path("state").asText() + ": " + done.path("progress"));
        check("completed".equals(done.path("state").asText()), "the scan completed");
        String entries = http.get(cluster.url(CairnCluster.Service.BOOTSTRAP) + "/api/v1/scans/" + id + "/entries")
                .body();
        entries.lines().forEach(l -> out.println("   " + l));
        check(
                entries.contains("\"mission_101\"")
                        && entries.contains("\"mission_102\"")
                        && entries.contains("\"mission_103\"")
                        && !entries.contains("mission_104"),
                "the dry run finds mission_101 (postprocess), 102 (metashape), 103 (postprocess), not the decoy");
    }

    private void dashboard() {
        ObjectNode failed = event(
                "mission_003", "postprocess", "stage.failed", Instant.now().minusSeconds(60));
        failed.put("error", "postprocess ran out of disk (demo)");
        http.post(ledger("/api/v1/events"), "application/json", failed.toString());
        out.println("   recorded stage.failed mission_003/postprocess through HTTP");
        JsonNode grid = await(
                () -> json(http.get(planner("/api/v1/dashboard/grid?pipeline=" + PIPELINE))),
                g -> g != null && g.path("counts").path("failed").asInt() == 1);
        check(
                grid.path("counts").path("completed").asInt() >= 2
                        && grid.path("counts").path("running").asInt() == 1,
                "the dashboard counts " + grid.path("counts"));
        out.println("   open " + cluster.url(CairnCluster.Service.PLANNER) + "/ui/ and sign in with the token "
                + cluster.token());
    }

    private ObjectNode event(String project, String stage, String type, Instant at) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("event_id", run + "-" + project + "-" + stage + "-" + type);
        e.put("type", type);
        e.put("pipeline", PIPELINE);
        e.put("project", project);
        e.put("config_id", "default");
        e.put("stage", stage);
        e.put("run_id", "automate-metashape-workflow-" + run);
        e.put("occurred_at", at.toString());
        e.put("started_at", at.minusSeconds(45).toString());
        e.putObject("metrics")
                .put("rows_processed", 15000)
                .put("files_created", 3)
                .put("duration_seconds", 45.2);
        e.putObject("attributes").put("producer", "cairn-demo");
        return e;
    }

    private static String key(ObjectNode e) {
        return Topics.key(
                e.get("pipeline").asText(),
                e.get("project").asText(),
                e.get("config_id").asText());
    }

    private String ledger(String path) {
        return cluster.url(CairnCluster.Service.LEDGER) + path;
    }

    private String planner(String path) {
        return cluster.url(CairnCluster.Service.PLANNER) + path;
    }

    private static JsonNode json(CairnClient.Answer a) {
        try {
            return a.status() >= 300 ? null : Json.mapper().readTree(a.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON: " + a.body(), e);
        }
    }

    private static <T> T await(java.util.function.Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("timed out after 60 s; last answer: " + last);
    }
}
