package dev.cairn.bench;

import dev.cairn.devstack.RuntimeDirs;
import dev.cairn.devstack.S3Server;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Artifact backup: {@code cairn backup} (the packaged CLI, {@code -Xmx256m}, through its launcher) against the AWS CLI's
 * {@code aws s3 cp --recursive} on the same files and the same S3 server, in the same run: 10,000 small files
 * (1-64 KiB) and one 1 GiB file. The client's heap is read from its GC log: the JVM cannot use more than its
 * {@code -Xmx}, and the log shows how much of it was in use at most.
 */
final class BackupBench {

    static final String BUCKET = "bench-backup";
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final BenchContext ctx;

    BackupBench(BenchContext ctx) {
        this.ctx = ctx;
    }

    Map<String, Object> run() throws Exception {
        Path data = Files.createDirectories(ctx.work.resolve("backup-data"));
        Path small = smallFiles(data.resolve("small"), ctx.sizes.backupSmallFiles());
        Path large = largeFile(data.resolve("large"), ctx.sizes.backupLargeBytes());
        // its own S3Proxy with room for both clients' copies (it keeps objects in its heap)
        try (S3Server s3 = S3Server.start(
                S3Server.Kind.S3PROXY, RuntimeDirs.from(System.getenv()), 0, Duration.ofSeconds(90), "6g")) {
            S3Server.createBuckets(s3.endpoint(), List.of(BUCKET));
            ctx.log("backup: S3Proxy at %s; data in %s", s3.endpoint(), data);
            warmUp(s3.endpoint(), data, large);
            Map<String, Object> out = new LinkedHashMap<>();
            Map<String, Object> smallRun =
                    compare(s3.endpoint(), small, "logs", ctx.sizes.backupSmallFiles() + " small files");
            Map<String, Object> largeRun = compare(s3.endpoint(), large, "gis_data", "one large file");
            out.put("small_files", ctx.sizes.backupSmallFiles());
            out.put("small_bytes", folderBytes(small.resolve("logs")));
            out.put("small_cairn_seconds", smallRun.get("cairn_seconds"));
            out.put("small_aws_cli_seconds", smallRun.get("aws_seconds"));
            out.put("ratio_small_files_to_aws_cli", smallRun.get("ratio"));
            out.put("large_bytes", ctx.sizes.backupLargeBytes());
            out.put("large_cairn_seconds", largeRun.get("cairn_seconds"));
            out.put("large_aws_cli_seconds", largeRun.get("aws_seconds"));
            out.put("ratio_large_file_to_aws_cli", largeRun.get("ratio"));
            out.put("cli_max_heap_mb", 256);
            out.put("cli_peak_heap_mb", Math.max((double) smallRun.get("peak_heap_mb"), (double)
                    largeRun.get("peak_heap_mb")));
            out.put("cli_peak_rss_mb", Math.max((double) smallRun.get("peak_rss_mb"), (double)
                    largeRun.get("peak_rss_mb")));
            out.put("aws_cli", awsVersion());
            out.put("s3_server", "S3Proxy 4.1.0 (transient, in memory), loopback");
            out.put("cairn_command", smallRun.get("command"));
            out.put("warm_up", "untimed, before: cairn and aws s3 cp on 3 files, aws s3 cp on the large file");
            return out;
        }
    }

    /**
     * Untimed runs before the timed ones, so that the client timed first does not pay for the server's first run
     * alone. S3Proxy keeps objects in its heap, which starts small: the first gigabyte it receives grows the heap and
     * copies the parts from GC to GC (seconds of pauses), and its upload path is compiled on the way. Each client backs
     * up a small folder (three files, one of them in parts) once, as any user's second run would find it (the AWS
     * CLI's Python bytecode cache, cairn's class-data archive); then the AWS CLI uploads the large file once. The
     * bucket is emptied afterwards.
     */
    private void warmUp(String endpoint, Path data, Path large) throws Exception {
        Path warm = Files.createDirectories(data.resolve("warmup").resolve("gis_data"));
        Random random = new Random(3);
        for (int size : new int[] {10 * 1024, 2 * 1024 * 1024, 20 * 1024 * 1024}) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Files.write(warm.resolve("warm_" + size + ".gpkg"), content);
        }
        Map<String, String> env = clientEnv(endpoint);
        Timed c = time(cairnCommand(warm.getParent(), "gis_data", "cairn-warmup"), env, "warmup-cairn");
        LedgerBench.check(c.exit == 0, "cairn backup (warm-up) exit 0 (see " + c.log + ")");
        Timed a = time(awsCommand(endpoint, warm, "aws-warmup"), env, "warmup-aws");
        LedgerBench.check(a.exit == 0, "aws s3 cp (warm-up) exit 0 (see " + a.log + ")");
        Timed server = time(awsCommand(endpoint, large.resolve("gis_data"), "aws-warmup-large"), env, "warmup-large");
        LedgerBench.check(server.exit == 0, "aws s3 cp (warm-up, large) exit 0 (see " + server.log + ")");
        emptyBucket(endpoint);
        ctx.log(
                "backup warm-up (untimed): cairn %.1f s, aws s3 cp %.1f s on 3 files; aws s3 cp %.1f s on the large file",
                c.seconds, a.seconds, server.seconds);
    }

    private static Map<String, String> clientEnv(String endpoint) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL_S3", endpoint);
        env.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        env.put("AWS_REGION", S3Server.REGION);
        env.put("AWS_DEFAULT_REGION", S3Server.REGION);
        return env;
    }

    private List<String> cairnCommand(Path folder, String type, String projectKey) {
        return List.of(
                ctx.repo.resolve("cli/bin/cairn").toString(),
                "backup",
                "--folder",
                folder.toString(),
                "--project-key",
                projectKey,
                "--include",
                type,
                "--custom-timestamp",
                "20250101_0000",
                "--bucket",
                BUCKET,
                "--progress",
                "none");
    }

    private static List<String> awsCommand(String endpoint, Path dir, String prefix) {
        return List.of(
                "aws",
                "--endpoint-url",
                endpoint,
                "s3",
                "cp",
                "--recursive",
                "--quiet",
                dir.toString(),
                "s3://" + BUCKET + "/" + prefix + "/" + dir.getFileName() + "/20250101_0000/");
    }

    /** Backs up {@code folder}/{@code type} with cairn, then with the AWS CLI, each into an emptied bucket. */
    private Map<String, Object> compare(String endpoint, Path folder, String type, String what) throws Exception {
        Map<String, String> env = clientEnv(endpoint);
        Path gcLog = ctx.work.resolve("backup-gc-" + type + ".log");
        env.put("CAIRN_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -Xlog:gc:file=" + gcLog);
        List<String> cairn = cairnCommand(folder, type, "cairn-" + type);
        Timed c = time(cairn, env, "cairn-" + type);
        LedgerBench.check(c.exit == 0, "cairn backup exit 0 (see " + c.log + ")");
        emptyBucket(endpoint);
        List<String> aws = awsCommand(endpoint, folder.resolve(type), "aws-" + type);
        Timed a = time(aws, env, "aws-" + type);
        LedgerBench.check(a.exit == 0, "aws s3 cp exit 0 (see " + a.log + ")");
        emptyBucket(endpoint);
        double[] heap = peakHeap(gcLog);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cairn_seconds", Stats.round(c.seconds, 2));
        out.put("aws_seconds", Stats.round(a.seconds, 2));
        out.put("ratio", Stats.round(a.seconds / c.seconds, 2));
        out.put("peak_heap_mb", heap[0]);
        out.put("peak_rss_mb", Stats.round(c.peakRssMb, 0));
        out.put("command", String.join(" ", cairn.subList(1, cairn.size())));
        ctx.log(
                "backup %s: cairn %.1f s, aws s3 cp %.1f s (%.2f×); cairn heap peak %.0f MB of %.0f MB",
                what, c.seconds, a.seconds, a.seconds / c.seconds, heap[0], heap[1]);
        return out;
    }

    private record Timed(double seconds, int exit, Path log, double peakRssMb) {}

    /** Runs {@code command}, sampling its resident memory, and times it. */
    private Timed time(List<String> command, Map<String, String> env, String name) throws Exception {
        Path log = ctx.work.resolve("backup-" + name + ".log");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        double rss = 0;
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            double now = ProcStats.peakRssMb(p.pid()); // the launcher execs java: same pid
            if (!Double.isNaN(now)) {
                rss = Math.max(rss, now);
            }
        }
        return new Timed((System.nanoTime() - t0) / 1e9, p.exitValue(), log, rss);
    }

    /** [most heap in use at any GC, the heap's capacity] in MB, from a {@code -Xlog:gc} file. */
    static double[] peakHeap(Path gcLog) throws IOException {
        double used = 0;
        double capacity = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC.matcher(line);
            if (m.find()) {
                used = Math.max(used, Double.parseDouble(m.group(1)));
                capacity = Math.max(capacity, Double.parseDouble(m.group(3)));
            }
        }
        return new double[] {used, capacity};
    }

    private static void emptyBucket(String endpoint) {
        try (S3Client s3 = S3Clients.create(endpoint, 8)) {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
                batch.add(ObjectIdentifier.builder().key(o.key()).build());
                if (batch.size() == 1000) {
                    delete(s3, batch);
                }
            }
            delete(s3, batch);
        }
    }

    private static void delete(S3Client s3, List<ObjectIdentifier> batch) {
        if (!batch.isEmpty()) {
            List<ObjectIdentifier> keys = List.copyOf(batch);
            s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(keys).quiet(true)));
            batch.clear();
        }
    }

    /** {@code n} files of 1-64 KiB of random bytes in {@code root/logs/}. */
    private static Path smallFiles(Path root, int n) throws IOException {
        Path logs = Files.createDirectories(root.resolve("logs"));
        Random random = new Random(1);
        for (int i = 0; i < n; i++) {
            byte[] content = new byte[1024 + random.nextInt(63 * 1024 + 1)];
            random.nextBytes(content);
            Files.write(logs.resolve("log_%05d.log".formatted(i)), content);
        }
        return root;
    }

    private static Path largeFile(Path root, long bytes) throws IOException {
        Path gis = Files.createDirectories(root.resolve("gis_data"));
        Random random = new Random(2);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(gis.resolve("orthomosaic.gpkg"))) {
            for (long written = 0; written < bytes; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - written));
            }
        }
        return root;
    }

    private static long folderBytes(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String awsVersion() {
        try {
            Process p = new ProcessBuilder("aws", "--version")
                    .redirectErrorStream(true)
                    .start();
            String v = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            return v;
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
