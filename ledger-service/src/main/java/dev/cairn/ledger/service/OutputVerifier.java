package dev.cairn.ledger.service;

import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.service.error.DependencyFailedException;
import dev.cairn.service.error.UnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The document's "Option B as fallback": checks with an S3 HEAD that recorded {@code s3://bucket/key} outputs still
 * exist. The S3 client (Quarkus' amazon-s3 extension, {@code quarkus.s3.*}) is created on first use, so a ledger
 * without S3 settings starts and only {@code verify_outputs=true} needs them.
 */
@ApplicationScoped
public class OutputVerifier {

    private final Instance<S3Client> s3;
    private final ExecutorService pool;

    OutputVerifier(Instance<S3Client> s3, LedgerConfig config) {
        this.s3 = s3;
        this.pool = Executors.newFixedThreadPool(config.runs().verifyConcurrency(), r -> {
            Thread t = new Thread(r, "ledger-output-verify");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** The {@code s3://} URIs among {@code outputs} whose object is gone (other outputs are not checked). */
    public Set<String> missing(List<String> outputs) {
        Set<String> uris = new LinkedHashSet<>();
        for (String o : outputs) {
            if (o != null && o.startsWith("s3://")) {
                uris.add(o);
            }
        }
        if (uris.isEmpty()) {
            return Set.of();
        }
        S3Client client = s3.get();
        List<String> order = new ArrayList<>(uris);
        List<Future<Boolean>> exists = new ArrayList<>(order.size());
        for (String uri : order) {
            exists.add(pool.submit(() -> exists(client, uri)));
        }
        Set<String> missing = new HashSet<>();
        try {
            for (int i = 0; i < order.size(); i++) {
                if (!exists.get(i).get()) {
                    missing.add(order.get(i));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("s3_unavailable", "interrupted while checking outputs in S3");
        } catch (ExecutionException e) {
            exists.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof SdkClientException) {
                throw new UnavailableException(
                        "s3_unavailable",
                        "S3 did not answer while checking outputs: "
                                + e.getCause().getMessage());
            }
            throw new DependencyFailedException(
                    "s3_failed", "S3 refused to check outputs: " + e.getCause().getMessage());
        }
        return missing;
    }

    private static boolean exists(S3Client client, String uri) {
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return false; // not an object URI: nothing there to find
        }
        try {
            client.headObject(HeadObjectRequest.builder()
                    .bucket(rest.substring(0, slash))
                    .key(rest.substring(slash + 1))
                    .build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
