package dev.cairn.cli;

import static dev.cairn.cli.EmitIT.assertExit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code cairn backup} of a project folder holding every artifact type (files to filter out, nested report assets, a
 * 200 MiB log) to the devstack's S3, gated by and recorded in a running ledger.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupIT {

    static final String PROJECT = "RMI25320";
    static CliTestStack stack;
    static Map<String, String> env;
    static String pipeline;
    static String key;
    static Path folder;
    static Path config;
    static String[] backup;
    static String timestamp;

    @BeforeAll
    static void start() throws Exception {
        stack = CliTestStack.get();
        env = stack.env();
        String id = UUID.randomUUID().toString().substring(0, 8);
        pipeline = "backup-" + id;
        key = "RMI-" + id;
        stack.declare(pipeline, "metashape", "postprocess");
        Path work = Path.of("target", "backup-it", id).toAbsolutePath();
        folder = ProjectFolder.create(work.resolve(PROJECT), true, 7);
        config = work.resolve("config.yaml");
        Files.writeString(config, """
                orchestrator:
                  upload_artifacts_to_s3: true
                  artifact_types:
                    - config
                    - logs
                    - report
                    - gis_data
                aws:
                  s3_bucket_raw: %s
                """.formatted(CliTestStack.BUCKET));
        backup = new String[] {
            "backup",
            "--config",
            config.toString(),
            "--folder",
            folder.toString(),
            "--project-key",
            key,
            "--timestamp",
            "--pipeline",
            pipeline,
            "--project",
            PROJECT,
            "--stage",
            "postprocess",
            "--verbose"
        };
    }

    @Test
    @Order(1)
    void refusedUntilTheLedgerShowsTheStageCompleted() {
        run(
                "emit",
                "completed",
                "--pipeline",
                pipeline,
                "--project",
                PROJECT,
                "--stage",
                "metashape",
                "--run-id",
                "wf-1");
        run(
                "emit",
                "started",
                "--pipeline",
                pipeline,
                "--project",
                PROJECT,
                "--stage",
                "postprocess",
                "--run-id",
                "wf-1");
        CliRun.Result refused = CliRun.run(env, backup);
        assertExit(1, "refusing to back up", refused);
        assertThat(refused.err()).contains("stage postprocess of project " + PROJECT);
        assertThat(objects(key)).isEmpty();
    }

    @Test
    @Order(2)
    void backsUpEveryTypeThroughTheDocumentsFilterAfterTheCompletion() throws Exception {
        CliRun.Result emitted = run(
                "emit",
                "completed",
                "--pipeline",
                pipeline,
                "--project",
                PROJECT,
                "--stage",
                "postprocess",
                "--run-id",
                "wf-1");
        String completionId = emitted.out()
                .substring(emitted.out().indexOf("event_id ") + 9, emitted.out().indexOf(')'));
        long versionBefore = state().path("version").asLong();

        CliRun.Result r = run(backup);
        timestamp = manifestTimestamp(r.out());
        assertThat(r.out()).contains("recorded in the ledger: artifact.backed_up");
        // the document's table, applied by hand in ProjectFolder.FILES, predicts the object list
        Set<String> expected = new TreeSet<>();
        ProjectFolder.FILES.forEach((rel, kept) -> {
            if (kept) {
                expected.add(objectKey(rel));
            }
        });
        expected.add(objectKey(ProjectFolder.BIG));
        expected.add(key + "/_manifests/" + timestamp + ".json");
        assertThat(objects(key).keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.err())
                .contains(
                        "filtered out", "config/notes.md", "logs/core.dmp", "assets/style.css", "gis_data/readme.txt");
        assertThat(r.err()).contains("progress:").doesNotContain("\r");

        JsonNode manifest = manifest(timestamp);
        Map<String, JsonNode> entries = new TreeMap<>();
        manifest.path("files").forEach(e -> entries.put(e.path("key").asText(), e));
        assertThat(entries).hasSize(expected.size() - 1);
        for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
            Path local = folder.resolve(e.getValue().path("type").asText())
                    .resolve(e.getValue().path("path").asText());
            assertThat(e.getValue().path("size").asLong()).as(e.getKey()).isEqualTo(Files.size(local));
            assertThat(e.getValue().path("sha256").asText()).as(e.getKey()).isEqualTo(ProjectFolder.sha256(local));
        }
        assertThat(manifest.path("run").path("completion_event_id").asText()).isEqualTo(completionId);
        assertThat(manifest.path("run").path("run_id").asText()).isEqualTo("wf-1");
        assertThat(manifest.path("totals").path("filtered_out").asInt()).isEqualTo(4);
        try (S3Client s3 = stack.s3();
                InputStream big =
                        s3.getObject(b -> b.bucket(CliTestStack.BUCKET).key(objectKey(ProjectFolder.BIG)))) {
            assertThat(ProjectFolder.sha256(big)).isEqualTo(ProjectFolder.sha256(ProjectFolder.bigFile()));
            byte[] asset = s3.getObjectAsBytes(
                            b -> b.bucket(CliTestStack.BUCKET).key(objectKey("report/assets/photos/photo_0001.JPEG")))
                    .asByteArray();
            assertThat(asset).isEqualTo(Files.readAllBytes(folder.resolve("report/assets/photos/photo_0001.JPEG")));
        }

        // the timeline shows the backup; the project's state did not change
        List<JsonNode> backups = backupsInTimeline();
        assertThat(backups).hasSize(1);
        JsonNode body = Json.mapper().readTree(backups.get(0).path("body").asText());
        assertThat(body.path("attributes").path("manifest_key").asText())
                .isEqualTo(key + "/_manifests/" + timestamp + ".json");
        assertThat(body.path("metrics").path("files").asInt()).isEqualTo(entries.size());
        assertThat(body.path("metrics").path("bytes").asLong())
                .isEqualTo(entries.values().stream()
                        .mapToLong(e -> e.path("size").asLong())
                        .sum());
        assertThat(state().path("version").asLong()).isEqualTo(versionBefore);
        CliRun.Result status = run("status", "--pipeline", pipeline, "--project", PROJECT);
        assertThat(status.out()).contains("artifact.backed_up", key + "/_manifests/" + timestamp + ".json");
    }

    @Test
    @Order(3)
    void reRunningTheFinishedBackupUploadsNothingAndRecordsNothingNew() throws Exception {
        String manifestEtag = etag(key + "/_manifests/" + timestamp + ".json");
        CliRun.Result again = run(backup);
        assertThat(manifestTimestamp(again.out())).isEqualTo(timestamp);
        assertThat(again.out()).contains(" 0 uploaded", "already recorded in the ledger");
        assertThat(etag(key + "/_manifests/" + timestamp + ".json")).isEqualTo(manifestEtag);
        assertThat(backupsInTimeline()).hasSize(1);
    }

    @Test
    @Order(4)
    void anotherRunsTimestampFolderIsNotOverwrittenWithoutForce() throws Exception {
        Path changed = folder.resolve("logs/process_log.txt");
        byte[] before = Files.readAllBytes(changed);
        byte[] after = before.clone();
        after[0] ^= 1; // same size, other content
        Files.write(changed, after);
        String[] same = withTimestamp(timestamp);
        CliRun.Result refused = CliRun.run(env, same);
        assertExit(1, "refusing to overwrite", refused);
        assertThat(refused.err()).contains(objectKey("logs/process_log.txt"));
        assertThat(body(objectKey("logs/process_log.txt"))).isEqualTo(before);

        List<String> forced = new ArrayList<>(List.of(same));
        forced.add("--force");
        CliRun.Result r = run(forced.toArray(String[]::new));
        assertThat(r.out()).contains(" 1 uploaded");
        assertThat(body(objectKey("logs/process_log.txt"))).isEqualTo(after);
        assertThat(manifest(timestamp).toString()).contains(ProjectFolder.sha256(changed));
        Files.write(changed, before);
    }

    @Test
    @Order(5)
    void uploadDisabledInTheConfigUploadsNothingUnlessForced() throws Exception {
        Path off = config.resolveSibling("config-off.yaml");
        Files.writeString(
                off,
                "orchestrator:\n  upload_artifacts_to_s3: false\naws:\n  s3_bucket_raw: " + CliTestStack.BUCKET + "\n");
        String other = key + "-off";
        CliRun.Result r = run(
                "backup",
                "--config",
                off.toString(),
                "--folder",
                folder.toString(),
                "--project-key",
                other,
                "--include",
                "config",
                "--timestamp");
        assertThat(r.out()).contains("Artifact upload is disabled");
        assertThat(objects(other)).isEmpty();
        run(
                "backup",
                "--config",
                off.toString(),
                "--folder",
                folder.toString(),
                "--project-key",
                other,
                "--include",
                "config",
                "--timestamp",
                "--force");
        assertThat(objects(other).keySet()).hasSize(4); // 3 config files and the manifest
    }

    private static String[] withTimestamp(String ts) {
        List<String> args = new ArrayList<>(List.of(backup));
        args.set(args.indexOf("--timestamp"), "--custom-timestamp");
        args.add(args.indexOf("--custom-timestamp") + 1, ts);
        return args.toArray(String[]::new);
    }

    static CliRun.Result run(String... args) {
        CliRun.Result r = CliRun.run(env, args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    static String manifestTimestamp(String out) {
        String line = out.lines()
                .filter(l -> l.startsWith("manifest: "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(out));
        return line.substring(line.lastIndexOf('/') + 1, line.length() - ".json".length());
    }

    private static String objectKey(String rel) {
        int slash = rel.indexOf('/');
        return key + "/" + rel.substring(0, slash) + "/" + timestamp + rel.substring(slash);
    }

    /** Every object under {@code prefix/}, with its size. */
    static Map<String, Long> objects(String prefix) {
        // the shared stack, not this class's field: other classes (BackupInputsIT) call this without running BackupIT
        try (S3Client s3 = CliTestStack.get().s3()) {
            return s3
                    .listObjectsV2Paginator(b -> b.bucket(CliTestStack.BUCKET).prefix(prefix + "/"))
                    .contents()
                    .stream()
                    .collect(Collectors.toMap(S3Object::key, S3Object::size));
        }
    }

    static JsonNode manifestOf(String projectKey, String ts) throws Exception {
        try (S3Client s3 = CliTestStack.get().s3()) {
            return Json.mapper()
                    .readTree(s3.getObjectAsBytes(
                                    b -> b.bucket(CliTestStack.BUCKET).key(projectKey + "/_manifests/" + ts + ".json"))
                            .asByteArray());
        }
    }

    private static JsonNode manifest(String ts) throws Exception {
        return manifestOf(key, ts);
    }

    private static byte[] body(String objectKey) {
        try (S3Client s3 = stack.s3()) {
            return s3.getObjectAsBytes(b -> b.bucket(CliTestStack.BUCKET).key(objectKey))
                    .asByteArray();
        }
    }

    private static String etag(String objectKey) {
        try (S3Client s3 = stack.s3()) {
            return s3.headObject(b -> b.bucket(CliTestStack.BUCKET).key(objectKey))
                    .eTag();
        }
    }

    private static JsonNode state() throws Exception {
        return Json.mapper()
                .readTree(stack.ledgerGet("/api/v1/completions/" + pipeline + "/" + PROJECT)
                        .body());
    }

    private static List<JsonNode> backupsInTimeline() throws Exception {
        JsonNode page = Json.mapper()
                .readTree(stack.ledgerGet("/api/v1/completions/" + pipeline + "/" + PROJECT + "/timeline")
                        .body());
        List<JsonNode> out = new ArrayList<>();
        page.path("items").forEach(e -> {
            if (e.path("type").asText().equals("artifact.backed_up")) {
                out.add(e);
            }
        });
        return out;
    }
}
