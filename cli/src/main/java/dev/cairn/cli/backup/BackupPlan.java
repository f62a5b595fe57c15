package dev.cairn.cli.backup;

import dev.cairn.cli.CliException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What a backup has to do, decided before anything is written: which files are already in S3 with the same size and
 * checksum (skipped: the SHA-256 of a single PUT, the full-object CRC32C of a multipart upload), which must be uploaded, and what would be overwritten (conflicts: an object of ours with other
 * content, or, in a timestamp folder, any object that is not one of this backup's files).
 */
final class BackupPlan {

    /** A local file and its key. */
    record Item(LocalFile file, String key) {}

    final List<Item> toUpload = new ArrayList<>();
    final Map<String, Digest> present = new HashMap<>();
    final List<String> conflicts = new ArrayList<>();

    private BackupPlan() {}

    static BackupPlan make(S3Store s3, BackupLayout layout, List<LocalFile> files, ExecutorService workers) {
        BackupPlan plan = new BackupPlan();
        Map<String, LocalFile> byKey = new HashMap<>();
        files.forEach(f -> byKey.put(layout.key(f), f));
        Map<String, Long> existing = new HashMap<>();
        Set<ArtifactType> types = new HashSet<>();
        files.forEach(f -> types.add(f.type()));
        for (ArtifactType type : types) {
            s3.list(layout.folder(type)).forEach((key, size) -> {
                if (layout.timestampFolders() || byKey.containsKey(key)) {
                    existing.put(key, size);
                }
            });
        }
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        List<String> conflicts = Collections.synchronizedList(plan.conflicts);
        for (Map.Entry<String, Long> e : existing.entrySet()) {
            LocalFile f = byKey.get(e.getKey());
            if (f == null) {
                conflicts.add(e.getKey() + " (not one of this backup's files)");
            } else if (f.size() != e.getValue()) {
                conflicts.add(e.getKey() + " (" + e.getValue() + " bytes in S3, " + f.size() + " here)");
            } else {
                checks.add(CompletableFuture.runAsync(
                        () -> plan.compare(e.getKey(), digest(f, s3.partSize()), s3.head(e.getKey()), conflicts),
                        workers));
            }
        }
        try {
            CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            throw S3Errors.toCli(e, "comparing with what is already in S3", s3.bucket());
        }
        for (LocalFile f : files) {
            String key = layout.key(f);
            if (!plan.present.containsKey(key)) {
                plan.toUpload.add(new Item(f, key));
            }
        }
        Collections.sort(plan.conflicts);
        return plan;
    }

    /**
     * Whether the object at {@code key} is the local file: its SHA-256 metadata (a single PUT) or S3's full-object
     * CRC32C (a multipart upload, whose SHA-256 is known only once every part is read) must equal the file's.
     */
    private synchronized void compare(
            String key, Digest local, Optional<HeadObjectResponse> head, List<String> conflicts) {
        if (head.isEmpty()) {
            return; // deleted since the listing: upload it
        }
        String sha256 = head.get().metadata().get(S3Store.SHA256_METADATA);
        String crc32c = head.get().checksumType() == ChecksumType.FULL_OBJECT
                ? head.get().checksumCRC32C()
                : null;
        if (sha256 != null ? local.sha256Hex().equals(sha256) : crc32c != null && crc32c.equals(local.crc32c())) {
            present.put(key, local);
        } else if (sha256 != null) {
            conflicts.add(key + " (other content: sha256 " + sha256 + ")");
        } else if (crc32c != null) {
            conflicts.add(key + " (other content: CRC32C " + crc32c + ", here " + local.crc32c() + ")");
        } else {
            conflicts.add(key + " (no sha256 metadata or full-object CRC32C: not written by cairn backup)");
        }
    }

    static Digest digest(LocalFile f, long partSize) {
        try {
            return Digest.forUpload(f.path(), f.size(), partSize);
        } catch (IOException e) {
            throw CliException.usage(f.path().toString(), "cannot be read: " + e.getMessage());
        }
    }
}
