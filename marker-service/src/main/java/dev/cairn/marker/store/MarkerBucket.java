package dev.cairn.marker.store;

import dev.cairn.marker.config.MarkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The marker bucket: every S3 object call of the service. No retries here ({@code Retrier} does them);
 * 412 of a conditional PUT and 404 of a HEAD are answers, everything else is thrown.
 */
@ApplicationScoped
public class MarkerBucket {

    /** User metadata on every object written: the event that owns the folder. */
    public static final String EVENT_ID_METADATA = "cairn-event-id";

    private final S3Client s3;
    private final String bucket;

    @Inject
    public MarkerBucket(S3Client s3, MarkerConfig config) {
        this(s3, config.bucket());
    }

    public MarkerBucket(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public String name() {
        return bucket;
    }

    /** PUT with {@code If-None-Match: *}: true when created, false when the key already exists (412). */
    public boolean putIfAbsent(String key, byte[] body, String contentType, String eventId) {
        try {
            s3.putObject(request(key, contentType, eventId).ifNoneMatch("*").build(), RequestBody.fromBytes(body));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    /** Unconditional PUT (only where the key is unique to this event, see {@code MarkerWriter}). */
    public void put(String key, byte[] body, String contentType, String eventId) {
        s3.putObject(request(key, contentType, eventId).build(), RequestBody.fromBytes(body));
    }

    private PutObjectRequest.Builder request(String key, String contentType, String eventId) {
        return PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .metadata(Map.of(EVENT_ID_METADATA, eventId));
    }

    /** The event id stored on {@code key}: empty when the key does not exist, "" when it has none. */
    public Optional<String> eventIdOf(String key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(head.metadata().getOrDefault(EVENT_ID_METADATA, ""));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Whether the server honours {@code If-None-Match: *}: writes {@code probeKey}, then writes it again
     * conditionally, expecting 412. A 200 (header ignored) or 501 (NotImplemented) means no. Deletes the probe.
     */
    public boolean conditionalWritesWork(String probeKey) {
        byte[] body = "cairn conditional-write probe".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        put(probeKey, body, "text/plain", "probe");
        try {
            return !putIfAbsent(probeKey, body, "text/plain", "probe");
        } catch (S3Exception e) {
            if (e.statusCode() == 501) {
                return false;
            }
            throw e;
        } finally {
            s3.deleteObject(b -> b.bucket(bucket).key(probeKey));
        }
    }

    /** Lists every key under {@code prefix}, page by page (constant memory). */
    public void listKeys(String prefix, Consumer<List<String>> page) {
        for (var response : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
            page.accept(response.contents().stream().map(S3Object::key).toList());
        }
    }

    /** Deletes {@code keys} with multi-object deletes of at most 1,000 keys; throws when any key failed. */
    public void delete(Collection<String> keys) {
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += 1000) {
            List<ObjectIdentifier> ids = all.subList(from, Math.min(all.size(), from + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build())
                    .toList();
            DeleteObjectsResponse response = s3.deleteObjects(b -> b.bucket(bucket)
                    .delete(Delete.builder().objects(ids).quiet(true).build()));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                var first = response.errors().get(0);
                throw new IllegalStateException(response.errors().size() + " key(s) could not be deleted from " + bucket
                        + ", e.g. " + first.key() + ": " + first.code() + " " + first.message());
            }
        }
    }

    /** A real, cheap call against the bucket within the marker prefix (what readiness checks). */
    public void ping(String prefix, Duration timeout) {
        s3.listObjectsV2(
                b -> b.bucket(bucket).prefix(prefix).maxKeys(1).overrideConfiguration(o -> o.apiCallTimeout(timeout)));
    }
}
