package dev.cairn.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * A real S3-compatible server on loopback, as its own JVM, path-style addressing, any access key accepted:
 * <ul>
 *   <li>{@link Kind#S3PROXY} (default): S3Proxy (org.gaul:s3proxy) with jclouds' in-memory {@code transient} store.
 *       Honours {@code If-None-Match: *} (412); no lifecycle (501). A listing page costs time proportional to every
 *       key under the prefix, so it suits tests, not million-key buckets.</li>
 *   <li>{@link Kind#LOCALS3}: LocalS3 (io.github.robothy:local-s3-rest), in memory, keys in a sorted map: a listing
 *       page costs O(page). Ignores {@code If-None-Match}; no lifecycle (501). For the benchmarks.</li>
 *   <li>{@link Kind#S3PROXY_FILES}: S3Proxy with its {@code filesystem-nio2} store under the work directory, so that
 *       the data survives {@link #kill()} and {@link #restart(Duration)} (fault tests).</li>
 * </ul>
 */
public final class S3Server implements AutoCloseable {

    /** A file of the filesystem store's unfinished write: {@code <key>-<random UUID>}. */
    private static final Pattern INTERRUPTED_WRITE =
            Pattern.compile(".+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public static final String ACCESS_KEY = "cairn-local";
    public static final String SECRET_KEY = "cairn-local-secret";
    public static final String REGION = "us-east-1";

    public enum Kind {
        S3PROXY,
        LOCALS3,
        S3PROXY_FILES
    }

    private final Kind kind;
    private final Path workDir;
    private final int port;
    private volatile ServerProcess process;
    private RuntimeDirs runtime;
    private String heap;

    private S3Server(Kind kind, Path workDir, int port, ServerProcess process) {
        this.kind = kind;
        this.workDir = workDir;
        this.port = port;
        this.process = process;
    }

    /** Starts a server of {@code kind} on {@code port} (0 = any free port) and waits until it answers. */
    public static S3Server start(Kind kind, RuntimeDirs runtime, int port, Duration timeout) throws IOException {
        return start(kind, runtime, port, timeout, System.getenv().getOrDefault("CAIRN_DEVSTACK_S3_HEAP", "2g"));
    }

    /** As {@link #start(Kind, RuntimeDirs, int, Duration)} with the server's maximum heap ({@code 2g}, {@code 6g}...). */
    public static S3Server start(Kind kind, RuntimeDirs runtime, int port, Duration timeout, String maxHeap)
            throws IOException {
        int p = port == 0
                ? Ports.free()
                : Ports.requireFree(port, "S3 (" + kind.name().toLowerCase() + ")");
        Path workDir = Files.createTempDirectory("cairn-s3-");
        String heap = "-Xmx" + maxHeap;
        ServerProcess server = kind == Kind.LOCALS3
                ? ServerProcess.start(
                        "locals3",
                        workDir,
                        ServerProcess.classpath(runtime.localS3()),
                        List.of("-Xms128m", heap, "-XX:+UseG1GC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                        LocalS3Main.class.getName(),
                        List.of(Integer.toString(p)))
                : startS3Proxy(workDir, p, runtime, heap, kind == Kind.S3PROXY_FILES);
        S3Server s3 = new S3Server(kind, workDir, p, server);
        s3.runtime = runtime;
        s3.heap = heap;
        try {
            s3.awaitReady(timeout);
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        return s3;
    }

    private static ServerProcess startS3Proxy(Path workDir, int p, RuntimeDirs runtime, String heap, boolean files)
            throws IOException {
        Path config = workDir.resolve("s3proxy.properties");
        Path data = workDir.resolve("data");
        if (files) {
            Files.createDirectories(data);
        }
        Files.writeString(
                config,
                """
                s3proxy.endpoint=http://127.0.0.1:%d
                s3proxy.authorization=none
                s3proxy.ignore-unknown-headers=true
                jclouds.provider=%s
                jclouds.identity=%s
                jclouds.credential=%s
                """.formatted(p, files ? "filesystem-nio2" : "transient", ACCESS_KEY, SECRET_KEY)
                        + (files
                                ? "jclouds.filesystem.basedir="
                                        + data.toString().replace("\\", "/") + "\n"
                                : ""));
        return ServerProcess.start(
                "s3proxy",
                workDir,
                ServerProcess.classpath(runtime.s3Proxy()),
                List.of("-Xms128m", heap, "-XX:+UseG1GC", "-Dorg.eclipse.jetty.LEVEL=WARN", "-DLOG_LEVEL=warn"),
                "org.gaul.s3proxy.Main",
                List.of("--properties", config.toString()));
    }

    public Kind kind() {
        return kind;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            process.checkAlive();
            if (Ports.isOpen(port)) {
                try (S3Client s3 = client(endpoint())) {
                    s3.listBuckets();
                    return;
                } catch (Exception e) {
                    last = e;
                }
            }
            KafkaBroker.sleep(50);
        }
        throw new IllegalStateException(
                kind + " did not become ready on " + endpoint() + " within " + timeout + "; last log lines:\n"
                        + process.tail(30),
                last);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A path-style client for {@code endpoint} with the devstack's credentials. */
    public static S3Client client(String endpoint) {
        return clientBuilder(endpoint)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * A client builder for this server (endpoint, region, path style, credentials) without an HTTP client: callers
     * that put many objects in parallel give it a pooled one. The JDK's {@code HttpURLConnection} keeps at most 5
     * idle connections per host, so 16 threads open and close a connection per request and can run out of
     * ephemeral ports (TIME_WAIT) within a 50,000-object fill.
     */
    public static S3ClientBuilder clientBuilder(String endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    /** Creates each bucket unless it exists. */
    public static void createBuckets(String endpoint, List<String> buckets) {
        try (S3Client s3 = client(endpoint)) {
            for (String bucket : buckets) {
                try {
                    s3.createBucket(b -> b.bucket(bucket));
                } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
                    // already there
                }
            }
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9} of the server (fault tests): its port closes; an {@link Kind#S3PROXY_FILES} store keeps its data. */
    public void kill() {
        process.kill();
    }

    /** Starts an {@link Kind#S3PROXY_FILES} server again after {@link #kill()}, same port and data; waits until it answers. */
    public void restart(Duration timeout) throws IOException {
        if (kind != Kind.S3PROXY_FILES) {
            throw new IllegalStateException("only an S3PROXY_FILES server keeps its data across a restart");
        }
        process.close();
        removeInterruptedWrites(workDir.resolve("data"));
        process = startS3Proxy(workDir, port, runtime, heap, true);
        awaitReady(timeout);
    }

    /**
     * The filesystem store writes an object to {@code <key>-<random UUID>} and renames it when the body is complete; a
     * {@code kill -9} in between leaves that file, which the store would then list as an object named so. S3 never
     * shows a PUT that did not complete, so these leftovers are removed before the store starts again.
     */
    static int removeInterruptedWrites(Path data) throws IOException {
        if (!Files.isDirectory(data)) {
            return 0;
        }
        List<Path> leftovers;
        try (var files = Files.walk(data)) {
            leftovers = files.filter(Files::isRegularFile)
                    .filter(f -> INTERRUPTED_WRITE
                            .matcher(f.getFileName().toString())
                            .matches())
                    .toList();
        }
        for (Path f : leftovers) {
            Files.deleteIfExists(f);
        }
        return leftovers.size();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
        WorkDirs.deleteTree(workDir);
    }
}
