package dev.cairn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Fills a bucket with many tiny objects, concurrently (bench set-up, not measured). */
final class S3Loader {

    private S3Loader() {}

    /** Puts {@code count} objects named by {@code keyOf}; returns the number written. */
    static long put(String endpoint, String bucket, int count, IntFunction<String> keyOf, int threads)
            throws Exception {
        AtomicLong written = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<S3Client> clients = new ArrayList<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            int perThread = (count + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                S3Client s3 = S3Clients.create(endpoint, 2);
                clients.add(s3);
                int from = t * perThread;
                int to = Math.min(count, from + perThread);
                futures.add(pool.submit(() -> {
                    RequestBody body = RequestBody.fromString("x");
                    for (int i = from; i < to; i++) {
                        String key = keyOf.apply(i);
                        s3.putObject(b -> b.bucket(bucket).key(key), body);
                        written.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(S3Client::close);
        }
        return written.get();
    }
}
