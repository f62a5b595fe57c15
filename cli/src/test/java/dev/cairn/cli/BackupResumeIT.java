package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.cli.backup.BackupLayout;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A backup killed midway (SIGKILL of the CLI process) and run again. */
class BackupResumeIT {

    static final int TILES = 600;

    @Test
    void aKilledBackupResumesUploadingOnlyWhatIsMissingAndWritesTheManifestLast() throws Exception {
        CliTestStack stack = CliTestStack.get();
        String key = "RESUME-" + UUID.randomUUID().toString().substring(0, 8);
        Path folder = ProjectFolder.create(Path.of("target", "backup-it", key).toAbsolutePath(), true, 11);
        Random random = new Random(3);
        for (int i = 0; i < TILES; i++) {
            byte[] tile = new byte[64 * 1024];
            random.nextBytes(tile);
            ProjectFolder.write(folder.resolve("report/assets/tiles/tile_%04d.png".formatted(i)), tile);
        }
        long expectedFiles =
                ProjectFolder.FILES.values().stream().filter(b -> b).count() + 1 + TILES;
        URI s3 = URI.create(stack.devstack.settings().s3Endpoint());
        try (CountingProxy proxy = new CountingProxy(s3.getHost(), s3.getPort())) {
            Map<String, String> env = stack.env();
            env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + proxy.port());
            String[] args = {
                "backup",
                "--folder",
                folder.toString(),
                "--project-key",
                key,
                "--include",
                "config",
                "logs",
                "report",
                "gis_data",
                "--timestamp",
                "--bucket",
                CliTestStack.BUCKET,
                "--concurrency",
                "1"
            };

            Path out = Files.createTempFile("backup", ".out");
            Path err = Files.createTempFile("backup", ".err");
            Process first = CliRun.start(env, out, err, args);
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> BackupIT.objects(key).size() >= 20 || !first.isAlive());
            assertThat(first.isAlive())
                    .as("still uploading when killed: " + Files.readString(err))
                    .isTrue();
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

            Map<String, Instant> before = lastModified(key);
            assertThat(before.keySet()).noneMatch(k -> k.contains("/_manifests/"));
            assertThat(before).hasSizeGreaterThanOrEqualTo(20).hasSizeLessThan((int) expectedFiles);
            assertThat(before.keySet()).anyMatch(k -> k.endsWith(ProjectFolder.BIG.substring(4)));
            long missingBytes = 0;
            for (Map.Entry<String, Long> f :
                    localSizes(folder, key, before.keySet().iterator().next()).entrySet()) {
                if (!before.containsKey(f.getKey())) {
                    missingBytes += f.getValue();
                }
            }

            // let the clock pass the interrupted backup's minute: only resuming can bring the re-run back to it
            String interrupted = before.keySet().iterator().next().split("/")[2];
            await().atMost(Duration.ofSeconds(70))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> !BackupLayout.timestampOf(Instant.now()).equals(interrupted));
            long sentBefore = proxy.sent();
            Process again = CliRun.start(env, out, err, args);
            Set<String> seenWithManifest = new TreeSet<>();
            while (again.isAlive()) { // whenever the manifest is visible, every file is already there
                Map<String, Long> now = BackupIT.objects(key);
                if (now.keySet().stream().anyMatch(k -> k.contains("/_manifests/"))) {
                    seenWithManifest.addAll(now.keySet());
                    assertThat(now).hasSize((int) expectedFiles + 1);
                }
                again.waitFor(50, TimeUnit.MILLISECONDS);
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            assertThat(again.exitValue()).as(stdout + stderr).isZero();
            String ts = BackupIT.manifestTimestamp(stdout);
            assertThat(ts).isEqualTo(interrupted);
            assertThat(stderr).contains("resuming the interrupted backup " + ts);
            assertThat(stdout)
                    .contains(" " + (expectedFiles - before.size()) + " uploaded", before.size() + " already in S3");

            // nothing uploaded twice: what went over the wire is the missing files plus requests' overhead
            long sent = proxy.sent() - sentBefore;
            assertThat(sent)
                    .isGreaterThanOrEqualTo(missingBytes)
                    .isLessThan(missingBytes + expectedFiles * 4096 + (1 << 20));
            Map<String, Instant> after = lastModified(key);
            before.forEach((k, t) -> assertThat(after.get(k)).as(k).isEqualTo(t));
            assertThat(after).hasSize((int) expectedFiles + 1).containsKey(key + "/_manifests/" + ts + ".json");
            assertThat(BackupIT.manifestOf(key, ts).path("files")).hasSize((int) expectedFiles);
        }
    }

    private static Map<String, Instant> lastModified(String key) {
        try (S3Client s3 = CliTestStack.get().s3()) {
            Map<String, Instant> out = new HashMap<>();
            s3.listObjectsV2Paginator(b -> b.bucket(CliTestStack.BUCKET).prefix(key + "/"))
                    .contents()
                    .forEach((S3Object o) -> out.put(o.key(), o.lastModified()));
            return out;
        }
    }

    /** Object key → local size for every file the backup takes, in the timestamp folder of {@code anyKey}. */
    private static Map<String, Long> localSizes(Path folder, String key, String anyKey) throws Exception {
        String ts = anyKey.split("/")[2];
        Map<String, Long> out = new HashMap<>();
        for (Map.Entry<String, Boolean> f : ProjectFolder.FILES.entrySet()) {
            if (f.getValue()) {
                out.put(objectKey(key, ts, f.getKey()), Files.size(folder.resolve(f.getKey())));
            }
        }
        out.put(objectKey(key, ts, ProjectFolder.BIG), ProjectFolder.BIG_SIZE);
        for (int i = 0; i < TILES; i++) {
            out.put(objectKey(key, ts, "report/assets/tiles/tile_%04d.png".formatted(i)), 64L * 1024);
        }
        return out;
    }

    private static String objectKey(String key, String ts, String rel) {
        int slash = rel.indexOf('/');
        return key + "/" + rel.substring(0, slash) + "/" + ts + rel.substring(slash);
    }
}
