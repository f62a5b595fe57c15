package dev.cairn.marker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads the marker bucket with a plain S3 client, as an Airflow sensor or a downstream job would. */
public record MarkerBucketReader(S3Client s3, String bucket) {

    public List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                .forEach(p -> p.contents().stream().map(S3Object::key).forEach(keys::add));
        return keys;
    }

    /** Distinct folders (prefixes ending in '/') under {@code prefix} that hold a completion_marker.txt. */
    public List<String> completeFolders(String prefix) {
        return keys(prefix).stream()
                .filter(k -> k.endsWith("/completion_marker.txt"))
                .map(k -> k.substring(0, k.length() - "completion_marker.txt".length()))
                .sorted()
                .toList();
    }

    public String text(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
    }
}
