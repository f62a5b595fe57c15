package dev.cairn.local;

import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What the local cluster's marker service wrote in its bucket. */
public final class MarkerKeys {

    private MarkerKeys() {}

    /** The marker bucket's keys under {@code prefix}, in S3's order. */
    public static List<String> keys(S3Client s3, String prefix) {
        return s3
                .listObjectsV2Paginator(
                        b -> b.bucket(CairnCluster.MARKER_BUCKET).prefix(prefix))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
    }

    /** The keys of the {@code completion_marker.txt} files under {@code prefix} in the marker bucket, sorted. */
    public static List<String> completionMarkers(S3Client s3, String prefix) {
        return keys(s3, prefix).stream()
                .filter(k -> k.endsWith("/completion_marker.txt"))
                .sorted()
                .toList();
    }
}
