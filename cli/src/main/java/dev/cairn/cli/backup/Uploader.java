package dev.cairn.cli.backup;

import dev.cairn.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Uploads files in parallel ({@code workers} at a time) and verifies each one: a file sent in one PUT is hashed just
 * before its upload and S3 checks the body against its MD5 and SHA-256 (and its ETag must be that MD5); a file larger
 * than the part size is hashed while its parts are read ({@link MultipartUpload}) and S3 checks each part's CRC32C and
 * the whole object's. The file's size and modification time must not have moved between the scan, the hashing and the
 * end of its upload.
 * The first failure stops new uploads; uploads already under way finish, and the error is thrown.
 */
final class Uploader {

    /** Files up to this size are read into memory and sent with the synchronous client (at most one per worker). */
    static final long SMALL = 1024 * 1024;

    private final S3Store s3;
    private final ExecutorService workers;
    private final Progress progress;

    Uploader(S3Store s3, ExecutorService workers, Progress progress) {
        this.s3 = s3;
        this.workers = workers;
        this.progress = progress;
    }

    /** Uploads every item and returns the digest of each key uploaded. */
    Map<String, Digest> upload(List<BackupPlan.Item> items) {
        try (MultipartUpload multipart = new MultipartUpload(s3, progress)) {
            return upload(items, multipart);
        }
    }

    private Map<String, Digest> upload(List<BackupPlan.Item> items, MultipartUpload multipart) {
        Map<String, Digest> done = new ConcurrentHashMap<>();
        AtomicReference<CliException> failure = new AtomicReference<>();
        List<Future<?>> futures = new ArrayList<>();
        for (BackupPlan.Item item : items) {
            futures.add(workers.submit(() -> {
                if (failure.get() != null) {
                    return;
                }
                try {
                    done.put(item.key(), uploadOne(item, multipart));
                } catch (CliException e) {
                    failure.compareAndSet(null, e);
                } catch (RuntimeException e) {
                    failure.compareAndSet(
                            null, S3Errors.toCli(e, "uploading s3://" + s3.bucket() + "/" + item.key(), s3.bucket()));
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure.compareAndSet(null, CliException.failed("uploading: " + e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.failed("interrupted");
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return done;
    }

    private Digest uploadOne(BackupPlan.Item item, MultipartUpload multipart) {
        LocalFile f = item.file();
        requireUnchanged(f);
        if (f.size() <= SMALL) {
            return uploadSmall(item, f);
        }
        if (f.size() > s3.partSize()) {
            Digest d = multipart.upload(f, item.key());
            requireUnchanged(f);
            progress.fileDone(f.size(), false);
            return d;
        }
        Digest d = BackupPlan.digest(f, s3.partSize());
        if (d.size() != f.size()) {
            throw changed(f, "it was " + f.size() + " bytes when scanned and " + d.size() + " when read");
        }
        PutObjectResponse r;
        try {
            r = s3.upload(f, item.key(), d, progress.listener()).join();
        } catch (RuntimeException e) {
            if (S3Errors.isDigestMismatch(e)) {
                throw changed(f, "S3 refused the body: it does not match the checksums taken just before");
            }
            throw e;
        }
        verify(f, r, d);
        progress.fileDone(f.size(), false);
        return d;
    }

    /** A small file is read once into memory, hashed, and those very bytes are sent. */
    private Digest uploadSmall(BackupPlan.Item item, LocalFile f) {
        byte[] body;
        try {
            body = Files.readAllBytes(f.path());
        } catch (IOException e) {
            throw CliException.usage(f.path().toString(), "cannot be read: " + e.getMessage());
        }
        if (body.length != f.size()) {
            throw changed(f, "it was " + f.size() + " bytes when scanned and " + body.length + " when read");
        }
        Digest d = Digest.of(body);
        PutObjectResponse r;
        try {
            r = s3.putSmall(item.key(), body, d);
        } catch (RuntimeException e) {
            throw S3Errors.toCli(e, "uploading s3://" + s3.bucket() + "/" + item.key(), s3.bucket());
        }
        verify(f, r, d);
        progress.fileDone(f.size(), true);
        return d;
    }

    /** S3 stored what was hashed (its ETag; not comparable under SSE-KMS), and the file did not move meanwhile. */
    private static void verify(LocalFile f, PutObjectResponse r, Digest d) {
        String etag = r.eTag() == null ? null : r.eTag().replace("\"", "");
        boolean kms = r.serverSideEncryption() == ServerSideEncryption.AWS_KMS
                || r.serverSideEncryption() == ServerSideEncryption.AWS_KMS_DSSE;
        if (!kms && etag != null && d.expectedEtag() != null && !etag.equalsIgnoreCase(d.expectedEtag())) {
            throw changed(f, "S3 stored other bytes (ETag " + etag + ", expected " + d.expectedEtag() + ")");
        }
        requireUnchanged(f);
    }

    private static void requireUnchanged(LocalFile f) {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(f.path(), BasicFileAttributes.class);
        } catch (IOException e) {
            throw CliException.usage(f.path().toString(), "cannot be read any more: " + e.getMessage());
        }
        if (now.size() != f.size() || !now.lastModifiedTime().equals(f.modified())) {
            throw changed(f, "its size or modification time moved (" + f.size() + " → " + now.size() + " bytes)");
        }
    }

    static CliException changed(LocalFile f, String how) {
        return CliException.usage(
                f.path().toString(),
                "the file changed while it was being backed up: " + how
                        + "; back it up once whatever writes it has finished (no manifest was written)");
    }
}
