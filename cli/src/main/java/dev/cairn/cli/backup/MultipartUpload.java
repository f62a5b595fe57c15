package dev.cairn.cli.backup;

import dev.cairn.cli.CliException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.zip.CRC32C;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Files larger than the part size, each read once: one thread reads the file part by part, in order, feeding every
 * byte to the file's SHA-256 (for the manifest) and to its CRC32C, and hands each part, with its own CRC32C, to a few
 * sender threads. S3 checks each part's body against its CRC32C and, at completion, the whole object against the
 * file's CRC32C (a full-object checksum, kept with the object): what S3 stores is exactly what was hashed. A re-run
 * compares that full-object CRC32C with the local file's to skip it ({@link BackupPlan}).
 * At most {@link #inFlight} parts are in memory at once, across all files.
 */
final class MultipartUpload implements AutoCloseable {

    /** S3 takes at most this many parts per upload. */
    static final int MAX_PARTS = 10_000;

    /** Memory for parts being read or sent, across all files; a part size above it still gets two in flight. */
    static final long BUDGET = 80L * 1024 * 1024;

    private final S3Store s3;
    private final Progress progress;
    private final int inFlight;
    private final Semaphore buffers;
    private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();
    private final ExecutorService senders;

    MultipartUpload(S3Store s3, Progress progress) {
        this.s3 = s3;
        this.progress = progress;
        this.inFlight = (int) Math.max(2, Math.min(8, BUDGET / s3.partSize()));
        this.buffers = new Semaphore(inFlight);
        this.senders = Executors.newFixedThreadPool(inFlight, r -> {
            Thread t = new Thread(r, "cairn-part");
            t.setDaemon(true);
            return t;
        });
    }

    /** The part size for a file of {@code size} bytes: the configured one, or larger when it would need too many. */
    static long partSize(long size, long configured) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(configured, needed);
    }

    /** Uploads {@code f} to {@code key} and returns its digest; nothing is left behind in S3 if it fails. */
    Digest upload(LocalFile f, String key) {
        int partSize = Math.toIntExact(partSize(f.size(), s3.partSize()));
        String uploadId = s3.startMultipart(key);
        List<Future<CompletedPart>> sent = new ArrayList<>();
        boolean completed = false;
        try {
            MessageDigest sha = Digest.digest("SHA-256");
            CRC32C whole = new CRC32C();
            long read = readAndSend(f, key, uploadId, partSize, sha, whole, sent);
            if (read != f.size()) {
                throw Uploader.changed(f, "it was " + f.size() + " bytes when scanned and " + read + " when read");
            }
            List<CompletedPart> parts = new ArrayList<>();
            for (Future<CompletedPart> part : sent) {
                parts.add(result(part));
            }
            String crc = Digest.crc32c(whole);
            CompleteMultipartUploadResponse done = s3.completeMultipart(key, uploadId, parts, crc);
            completed = true;
            if (done.checksumCRC32C() != null && !done.checksumCRC32C().equals(crc)) {
                throw Uploader.changed(
                        f, "S3 stored other bytes (CRC32C " + done.checksumCRC32C() + ", read " + crc + ")");
            }
            return Digest.ofParts(read, sha, whole);
        } finally {
            if (!completed) {
                sent.forEach(MultipartUpload::quietly); // every part ends before the upload is aborted
                s3.abortMultipart(key, uploadId);
            }
        }
    }

    /** Reads the file part by part, hashing in order, and queues each part; returns the bytes read. */
    private long readAndSend(
            LocalFile f,
            String key,
            String uploadId,
            int partSize,
            MessageDigest sha,
            CRC32C whole,
            List<Future<CompletedPart>> sent) {
        long read = 0;
        try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
            for (int number = 1; ; number++) {
                failFast(sent);
                byte[] buffer = take(partSize);
                int n;
                try {
                    n = fill(ch, buffer);
                } catch (IOException | RuntimeException e) {
                    give(buffer);
                    throw e;
                }
                if (n == 0) {
                    give(buffer);
                    return read;
                }
                sha.update(buffer, 0, n);
                whole.update(buffer, 0, n);
                CRC32C part = new CRC32C();
                part.update(buffer, 0, n);
                String crc = Digest.crc32c(part);
                read += n;
                int partNumber = number;
                sent.add(senders.submit(() -> send(key, uploadId, partNumber, buffer, n, crc)));
                if (n < buffer.length) {
                    return read; // the end of the file
                }
                if (read >= f.size()) {
                    return read + more(ch); // every byte scanned is read: more means the file grew
                }
            }
        } catch (IOException e) {
            throw CliException.usage(f.path().toString(), "cannot be read: " + e.getMessage());
        }
    }

    private CompletedPart send(String key, String uploadId, int number, byte[] buffer, int length, String crc) {
        try {
            CompletedPart part = s3.uploadPart(key, uploadId, number, buffer, length, crc);
            progress.sent(length);
            return part;
        } finally {
            give(buffer);
        }
    }

    /** Fills {@code buffer} from the channel; fewer bytes only at the end of the file. */
    private static int fill(FileChannel ch, byte[] buffer) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buffer);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                break;
            }
        }
        return b.position();
    }

    /** How many bytes the file has beyond what was read (it grew). */
    private static long more(FileChannel ch) throws IOException {
        long extra = 0;
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        for (int n; (n = ch.read(b.clear())) > 0; ) {
            extra += n;
        }
        return extra;
    }

    private byte[] take(int size) {
        buffers.acquireUninterruptibly();
        byte[] b = spare.poll();
        return b != null && b.length == size ? b : new byte[size];
    }

    private void give(byte[] buffer) {
        if (buffer.length == s3.partSize()) {
            spare.offer(buffer);
        }
        buffers.release();
    }

    /** Rethrows the failure of a part already sent, so that a failed upload stops reading at once. */
    private static void failFast(List<Future<CompletedPart>> sent) {
        for (int i = sent.size() - 1; i >= 0 && i >= sent.size() - 16; i--) {
            if (sent.get(i).isDone()) {
                result(sent.get(i));
            }
        }
    }

    private static CompletedPart result(Future<CompletedPart> part) {
        try {
            return part.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        }
    }

    private static void quietly(Future<CompletedPart> part) {
        try {
            part.get();
        } catch (ExecutionException e) {
            // reported by the upload
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
