package dev.cairn.bootstrap;

import static org.awaitility.Awaitility.await;

import dev.cairn.devstack.S3Server;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** Test buckets in the devstack's S3: unique names, objects put in parallel, LastModified read back. */
public final class S3Fixture implements AutoCloseable {

    private final S3Client s3;

    /** Parallel puts share this many pooled keep-alive connections (see {@link S3Server#clientBuilder}). */
    private static final int CONNECTIONS = 32;

    public S3Fixture(String endpoint) {
        this.s3 = S3Server.clientBuilder(endpoint)
                .httpClient(
                        ApacheHttpClient.builder().maxConnections(CONNECTIONS).build())
                .build();
    }

    /** A new bucket named {@code base-<random>}. */
    public String bucket(String base) {
        String name = (base + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36))
                .toLowerCase(Locale.ROOT);
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    public void put(String bucket, String key) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
    }

    /** Puts every key, {@code threads} at a time. */
    public void putAll(String bucket, List<String> keys, int threads) {
        if (threads > CONNECTIONS) {
            throw new IllegalArgumentException("at most " + CONNECTIONS + " threads, one pooled connection each");
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (String k : keys) {
                futures.add(pool.submit(() -> put(bucket, k)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("could not fill bucket " + bucket + ": " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Puts {@code key} (again) until its LastModified is later than {@code than}'s: two sentinels with distinct times. */
    public void putLaterThan(String bucket, String key, String than) {
        Instant earlier = head(bucket, than).lastModified();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    put(bucket, key);
                    return head(bucket, key).lastModified().isAfter(earlier);
                });
    }

    public HeadObjectResponse head(String bucket, String key) {
        return s3.headObject(b -> b.bucket(bucket).key(key));
    }

    public S3Client client() {
        return s3;
    }

    @Override
    public void close() {
        s3.close();
    }
}
