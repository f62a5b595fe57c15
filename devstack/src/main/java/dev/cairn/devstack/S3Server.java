package dev.cairn.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;

/**
 * A real S3-compatible server on loopback: S3Proxy (org.gaul:s3proxy) as its own JVM, with jclouds'
 * in-memory {@code transient} blob store, no authorization (any access key is accepted), path-style addressing.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "cairn-local";
    public static final String SECRET_KEY = "cairn-local-secret";
    public static final String REGION = "us-east-1";

    private final Path workDir;
    private final int port;
    private final ServerProcess process;

    private S3Server(Path workDir, int port, ServerProcess process) {
        this.workDir = workDir;
        this.port = port;
        this.process = process;
    }

    public static S3Server start(Path runtimeDir, int port, Duration timeout) throws IOException {
        int p = port == 0 ? Ports.free() : Ports.requireFree(port, "S3 (S3Proxy)");
        Path workDir = Files.createTempDirectory("cairn-s3-");
        Path config = workDir.resolve("s3proxy.properties");
        Files.writeString(config, """
                s3proxy.endpoint=http://127.0.0.1:%d
                s3proxy.authorization=none
                s3proxy.ignore-unknown-headers=true
                jclouds.provider=transient
                jclouds.identity=%s
                jclouds.credential=%s
                """.formatted(p, ACCESS_KEY, SECRET_KEY));
        List<Path> classpath = ServerProcess.classpath(runtimeDir.resolve("s3"));
        ServerProcess server = ServerProcess.start("s3proxy", workDir, classpath,
                List.of("-Xms128m", "-Xmx2g", "-XX:+UseG1GC", "-Dorg.eclipse.jetty.LEVEL=WARN", "-DLOG_LEVEL=warn"),
                "org.gaul.s3proxy.Main", List.of("--properties", config.toString()));
        S3Server s3 = new S3Server(workDir, p, server);
        try {
            s3.awaitReady(timeout);
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
        return s3;
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
        throw new IllegalStateException("S3Proxy did not become ready on " + endpoint() + " within " + timeout
                + "; last log lines:\n" + process.tail(30), last);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A path-style client for {@code endpoint} with the devstack's credentials. */
    public static S3Client client(String endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
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

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
        WorkDirs.deleteTree(workDir);
    }
}
