package dev.cairn.cli;

import static dev.cairn.cli.EmitIT.assertExit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.devstack.RuntimeDirs;
import dev.cairn.devstack.S3Server;
import dev.cairn.devstack.ServerProcess;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input to {@code cairn backup}: a clear error naming the path or flag, the right exit code, nothing uploaded. */
class BackupInputsIT {

    static CliTestStack stack;
    static Map<String, String> env;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        stack = CliTestStack.get();
        env = stack.env();
        work = Path.of(
                        "target",
                        "backup-it",
                        "inputs-" + UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath();
    }

    /** A fresh project folder and key; {@code args} after {@code backup --folder F --project-key K --bucket B}. */
    private static CliRun.Result backup(Path folder, String key, String... args) {
        List<String> all = new ArrayList<>(List.of(
                "backup",
                "--folder",
                folder.toString(),
                "--project-key",
                key,
                "--bucket",
                CliTestStack.BUCKET,
                "--custom-timestamp",
                "20251030_1200"));
        all.addAll(List.of(args));
        return CliRun.run(env, all.toArray(String[]::new));
    }

    private static Path project(String name) {
        return ProjectFolder.create(work.resolve(name), false, name.hashCode());
    }

    private static void nothingUploaded(String key) {
        assertThat(BackupIT.objects(key)).as(key).isEmpty();
    }

    @Test
    void missingOrUnreadableInputIsAUsageErrorNamingIt() throws Exception {
        Path ok = project("ok");
        assertExit(2, "--folder", backup(work.resolve("nowhere"), "K1", "--include", "logs"));
        Path noGis = project("no-gis");
        deleteTree(noGis.resolve("gis_data"));
        assertExit(2, noGis.resolve("gis_data").toString(), backup(noGis, "K2", "--include", "logs", "gis_data"));
        nothingUploaded("K2");

        Path dead = project("dead-link");
        Files.createSymbolicLink(dead.resolve("logs/rotated.log"), dead.resolve("logs/gone.log"));
        CliRun.Result broken = backup(dead, "K3", "--include", "config", "logs");
        assertExit(2, dead.resolve("logs/rotated.log").toString(), broken);
        assertThat(broken.err()).contains("broken symbolic link");
        nothingUploaded("K3");

        Path loop = project("loop");
        Files.createSymbolicLink(loop.resolve("report/assets/again"), loop.resolve("report"));
        CliRun.Result looped = backup(loop, "K4", "--include", "report");
        assertExit(2, loop.resolve("report/assets/again").toString(), looped);
        assertThat(looped.err()).contains("symbolic link loop");
        nothingUploaded("K4");

        assertExit(2, "--include", backup(ok, "K5", "--include", "logs", "videos"));
        assertExit(
                2,
                "--custom-timestamp",
                CliRun.run(
                        env,
                        "backup",
                        "--folder",
                        ok.toString(),
                        "--project-key",
                        "K5",
                        "--bucket",
                        CliTestStack.BUCKET,
                        "--custom-timestamp",
                        "20251330_1200"));
        assertExit(2, "--custom-timestamp", backup(ok, "K5", "--timestamp"));
        assertExit(2, "--project-key", backup(ok, "K/5"));
        assertExit(2, "--bucket", CliRun.run(env, "backup", "--folder", ok.toString(), "--project-key", "K5"));
        Path badConfig = work.resolve("bad-config.yaml");
        Files.writeString(
                badConfig, "orchestrator:\n  upload_artifacts_to_s3: true\n  artifact_types: [logs, videos]\n");
        assertExit(2, "orchestrator.artifact_types", backup(ok, "K5", "--config", badConfig.toString()));
        Files.writeString(badConfig, "orchestrator: [\n");
        assertExit(2, "--config", backup(ok, "K5", "--config", badConfig.toString()));
        nothingUploaded("K5");
    }

    @Test
    void aMissingBucketAndUnreachableServicesAreNamed() {
        Path ok = project("services");
        CliRun.Result noBucket = CliRun.run(
                env,
                "backup",
                "--folder",
                ok.toString(),
                "--project-key",
                "K6",
                "--bucket",
                "no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8),
                "--include",
                "logs");
        assertExit(2, "--bucket", noBucket);
        assertThat(noBucket.err()).contains("does not exist");

        Map<String, String> noS3 = new java.util.HashMap<>(env);
        noS3.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + FreePort.get());
        assertExit(
                3,
                "S3 is unreachable",
                CliRun.run(
                        noS3,
                        "backup",
                        "--folder",
                        ok.toString(),
                        "--project-key",
                        "K6",
                        "--bucket",
                        CliTestStack.BUCKET,
                        "--include",
                        "logs"));

        Map<String, String> noLedger = new java.util.HashMap<>(env);
        noLedger.put("CAIRN_LEDGER_URL", "http://127.0.0.1:" + FreePort.get());
        assertExit(
                3,
                "ledger",
                CliRun.run(
                        noLedger,
                        "backup",
                        "--folder",
                        ok.toString(),
                        "--project-key",
                        "K6",
                        "--bucket",
                        CliTestStack.BUCKET,
                        "--include",
                        "logs",
                        "--pipeline",
                        "p",
                        "--retry-for",
                        "2s"));
        nothingUploaded("K6");
    }

    @Test
    void aFileChangingWhileItIsBackedUpIsRefusedAndNoManifestIsWritten() throws Exception {
        Path growing = project("growing");
        Path log = growing.resolve("logs/live_process_log.txt");
        Files.writeString(log, "start\n");
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
                while (writing.get()) {
                    out.write("another line of a log that is still being written\n".getBytes());
                    out.flush();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        try {
            CliRun.Result r = backup(growing, "K7", "--include", "logs");
            assertExit(2, log.toString(), r);
            assertThat(r.err()).contains("changed while it was being backed up");
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(BackupIT.objects("K7").keySet()).noneMatch(k -> k.contains("/_manifests/"));
    }

    @Test
    void wrongCredentialsAreRefusedNamingThem() throws Exception {
        Path dir = Files.createDirectories(work.resolve("s3-auth"));
        int port = FreePort.get();
        Files.writeString(dir.resolve("s3proxy.properties"), """
                s3proxy.endpoint=http://127.0.0.1:%d
                s3proxy.authorization=aws-v2-or-v4
                s3proxy.identity=%s
                s3proxy.credential=%s
                jclouds.provider=transient
                jclouds.identity=%s
                jclouds.credential=%s
                """.formatted(
                        port, S3Server.ACCESS_KEY, S3Server.SECRET_KEY, S3Server.ACCESS_KEY, S3Server.SECRET_KEY));
        try (ServerProcess s3 = ServerProcess.start(
                "s3proxy-auth",
                dir,
                ServerProcess.classpath(RuntimeDirs.from(System.getenv()).s3Proxy()),
                List.of("-Xmx256m"),
                "org.gaul.s3proxy.Main",
                List.of("--properties", dir.resolve("s3proxy.properties").toString()))) {
            String endpoint = "http://127.0.0.1:" + port;
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> {
                        S3Server.createBuckets(endpoint, List.of("auth-bucket"));
                        return true;
                    });
            Path ok = project("auth");
            byte[] large = new byte[6 * 1024 * 1024]; // two parts: the signed multipart calls are accepted too
            new java.util.Random(4).nextBytes(large);
            Files.write(ok.resolve("logs/large_run.log"), large);
            Map<String, String> wrong = new java.util.HashMap<>(env);
            wrong.put("AWS_ENDPOINT_URL_S3", endpoint);
            wrong.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
            String[] args = {
                "backup",
                "--folder",
                ok.toString(),
                "--project-key",
                "K8",
                "--bucket",
                "auth-bucket",
                "--include",
                "logs",
                "--part-size",
                "5MiB"
            };
            assertExit(2, "S3 credentials", CliRun.run(wrong, args));
            wrong.remove("AWS_ACCESS_KEY_ID");
            wrong.remove("AWS_SECRET_ACCESS_KEY");
            assertExit(2, "S3 credentials", CliRun.run(wrong, args));
            Map<String, String> right = new java.util.HashMap<>(env);
            right.put("AWS_ENDPOINT_URL_S3", endpoint);
            CliRun.Result r = CliRun.run(right, args);
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("0 already in S3");
            assertThat(CliRun.run(right, args).out()).contains(" 0 uploaded");
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
