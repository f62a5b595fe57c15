package dev.cairn.bench;

import dev.cairn.devstack.RuntimeDirs;
import dev.cairn.devstack.S3Server;
import java.time.Duration;
import java.util.List;

/** Scratch probe: PUT throughput of the devstack's S3 servers with 1 and 32 clients. */
public final class S3PutProbe {

    private S3PutProbe() {}

    public static void main(String[] args) throws Exception {
        for (S3Server.Kind kind : S3Server.Kind.values()) {
            try (S3Server s3 = S3Server.start(kind, RuntimeDirs.from(System.getenv()), 0, Duration.ofSeconds(60))) {
                S3Server.createBuckets(s3.endpoint(), List.of("probe"));
                for (int threads : new int[] {1, 8, 32}) {
                    int n = threads == 1 ? 2000 : 20000;
                    long t0 = System.nanoTime();
                    S3Loader.put(s3.endpoint(), "probe", n, i -> "k" + threads + "/" + i, threads);
                    System.out.printf(
                            "%s threads=%d: %.0f PUT/s%n", kind, threads, n / ((System.nanoTime() - t0) / 1e9));
                }
            }
        }
    }
}
