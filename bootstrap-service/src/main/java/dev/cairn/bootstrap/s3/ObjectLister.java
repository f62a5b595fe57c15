package dev.cairn.bootstrap.s3;

import dev.cairn.bootstrap.config.BootstrapConfig;
import dev.cairn.bootstrap.metrics.BootstrapMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 calls of a scan: one ListObjectsV2 page at a time, with transient errors retried ({@link TransientRetry}).
 * Listings ask for {@code encoding-type=url}: keys come percent-encoded in the XML (the AWS SDK decodes them), so a key
 * holding a character XML 1.0 cannot carry (a control character) does not break the page.
 */
@ApplicationScoped
public class ObjectLister {

    private final S3Client s3;
    private final TransientRetry retry;
    private final int pageSize;
    private final BootstrapMetrics metrics;

    @Inject
    ObjectLister(S3Client s3, BootstrapConfig config, BootstrapMetrics metrics) {
        this(
                s3,
                new TransientRetry(
                        config.s3Retry().maxAttempts(),
                        config.s3Retry().initialBackoff(),
                        config.s3Retry().maxBackoff(),
                        metrics::s3Retried),
                config.pageSize(),
                metrics);
    }

    ObjectLister(S3Client s3, TransientRetry retry, int pageSize, BootstrapMetrics metrics) {
        this.s3 = s3;
        this.retry = retry;
        this.pageSize = pageSize;
        this.metrics = metrics;
    }

    /** One page under {@code prefix}; {@code delimiter} null lists recursively; {@code token} null is the first page. */
    public ListObjectsV2Response page(
            String bucket, String prefix, String delimiter, String token, BooleanSupplier stopped) {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(bucket)
                .prefix(prefix)
                .delimiter(delimiter)
                .continuationToken(token)
                .maxKeys(pageSize)
                .encodingType(EncodingType.URL)
                .build();
        return counted(retry.call(
                "ListObjectsV2 s3://" + bucket + "/" + prefix + (delimiter == null ? "" : " (folders)")
                        + (token == null ? " from its start" : " from continuation token " + token),
                stopped,
                () -> s3.listObjectsV2(request)));
    }

    /** One page of the recursive listing under {@code prefix} that starts after {@code startAfter} (or continues {@code token}). */
    public ListObjectsV2Response pageAfter(
            String bucket, String prefix, String startAfter, String token, BooleanSupplier stopped) {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(bucket)
                .prefix(prefix)
                .startAfter(token == null ? startAfter : null)
                .continuationToken(token)
                .maxKeys(pageSize)
                .encodingType(EncodingType.URL)
                .build();
        return counted(retry.call(
                "ListObjectsV2 s3://" + bucket + "/" + prefix + " after " + startAfter,
                stopped,
                () -> s3.listObjectsV2(request)));
    }

    private ListObjectsV2Response counted(ListObjectsV2Response page) {
        metrics.objectsListed(page.contents().size() + page.commonPrefixes().size());
        return page;
    }

    /** The buckets among {@code buckets} that do not exist (or cannot be seen with these credentials). */
    public List<String> missingBuckets(List<String> buckets) {
        return buckets.stream().distinct().filter(b -> !exists(b)).toList();
    }

    /** HeadBucket with the SDK's own retries only: a request waiting on validation should not wait long. */
    private boolean exists(String bucket) {
        try {
            s3.headBucket(h -> h.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 403) {
                return false;
            }
            throw e;
        }
    }

    /** Readiness: HeadBucket on each of {@code buckets}, or ListBuckets when none is configured. */
    public void ping(List<String> buckets, Duration timeout) {
        if (buckets.isEmpty()) {
            s3.listBuckets(b -> b.overrideConfiguration(o -> o.apiCallTimeout(timeout)));
        } else {
            buckets.forEach(bucket ->
                    s3.headBucket(h -> h.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(timeout))));
        }
    }
}
