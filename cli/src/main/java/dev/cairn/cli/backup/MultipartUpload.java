package dev.cairn.cli.backup;

import dev.cairn.cli.CliException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Files larger than the part size, each read once: one thread reads the file part by part, in order, in slices of
 * {@link #SLICE} bytes, feeding each slice to the file's CRC32C and the part's while it is still in the CPU's cache, and
 * hands each part, with its own CRC32C, to a few sender threads and, in order, to the file's SHA-256 thread (for the
 * manifest). The SHA-256 is the one costly checksum: on its own thread it is off the path from the file to S3 (the
 * parts go out while it runs, including the first ones, hashed before the JIT has compiled SHA-256 to its CPU
 * instructions), and its last parts are hashed while S3 puts the object together. A part's buffer is reused once it
 * is both sent and hashed. S3 checks each part's body against its CRC32C and, at completion, the whole object against
 * the file's CRC32C (a full-object checksum, kept with the object): what S3 stores is exactly what was read and
 * hashed. A re-run compares that full-object CRC32C with the local file's to skip it ({@link BackupPlan}).
 * At most {@link #inFlight} parts are in memory at once, across all files.
 */
final class MultipartUpload implements AutoCloseable {

    /** S3 takes at most this many parts per upload. */
    static final int MAX_PARTS = 10_000;

    /** Memory for parts being read or sent, across all files; a part size above it still gets two in flight. */
    static final long BUDGET = 80L * 1024 * 1024;

    /** Bytes read at once: checksummed right after the read, while they are in the CPU's cache. */
    static final int SLICE = 256 * 1024;

    private final S3Store s3;
    private final Progress progress;
    private final int inFlight;
    private final Semaphore buffers;
    private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();
    private final ExecutorService senders;
    private final ExecutorService hashers;

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
        this.hashers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cairn-sha256");
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
        Sha256Pass sha = new Sha256Pass();
        Future<byte[]> hashed = hashers.submit(sha);
        boolean completed = false;
        try {
            CRC32C whole = new CRC32C();
            long read = readAndSend(f, key, uploadId, partSize, sha, whole, sent);
            sha.finish();
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
            return Digest.ofParts(read, result(hashed), whole);
        } finally {
            if (!completed) {
                sent.forEach(MultipartUpload::quietly); // every part ends before the upload is aborted
                s3.abortMultipart(key, uploadId);
            }
            sha.stop(); // after a failure: the remaining parts are given back unhashed
        }
    }

    /** A part in memory, given back once it is both sent and hashed. */
    private final class Part {
        final byte[] buffer;
        final int length;
        private final AtomicInteger users = new AtomicInteger(2);

        Part(byte[] buffer, int length) {
            this.buffer = buffer;
            this.length = length;
        }

        void done() {
            if (users.decrementAndGet() == 0) {
                give(buffer);
            }
        }
    }

    /** The file's SHA-256, on its own thread: the parts in the order they were read. */
    private static final class Sha256Pass implements Callable<byte[]> {
        private final BlockingQueue<Optional<Part>> parts = new LinkedBlockingQueue<>();
        private final MessageDigest sha = Digest.digest("SHA-256");
        private volatile boolean stopped;

        void add(Part part) {
            parts.add(Optional.of(part));
        }

        /** Every part has been added. */
        void finish() {
            parts.add(Optional.empty());
        }

        /** Hashes no more: the parts still queued are given back (the upload failed). */
        void stop() {
            stopped = true;
            finish();
        }

        @Override
        public byte[] call() throws InterruptedException {
            for (Optional<Part> next; (next = parts.take()).isPresent(); ) {
                Part part = next.get();
                try {
                    if (!stopped) {
                        sha.update(part.buffer, 0, part.length);
                    }
                } finally {
                    part.done();
                }
            }
            return sha.digest();
        }
    }

    /** Reads the file part by part, checksumming each slice as it is read, and queues each part; returns the bytes. */
    private long readAndSend(
            LocalFile f,
            String key,
            String uploadId,
            int partSize,
            Sha256Pass sha,
            CRC32C whole,
            List<Future<CompletedPart>> sent) {
        long read = 0;
        try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
            for (int number = 1; ; number++) {
                failFast(sent);
                byte[] buffer = take(partSize);
                CRC32C crc = new CRC32C();
                int n;
                try {
                    n = fill(ch, buffer, whole, crc);
                } catch (IOException | RuntimeException e) {
                    give(buffer);
                    throw e;
                }
                if (n == 0) {
                    give(buffer);
                    return read;
                }
                read += n;
                Part part = new Part(buffer, n);
                sha.add(part);
                int partNumber = number;
                String partCrc = Digest.crc32c(crc);
                sent.add(senders.submit(() -> send(key, uploadId, partNumber, part, partCrc)));
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

    private CompletedPart send(String key, String uploadId, int number, Part part, String crc) {
        try {
            CompletedPart done = s3.uploadPart(key, uploadId, number, part.buffer, part.length, crc);
            progress.sent(part.length);
            return done;
        } finally {
            part.done();
        }
    }

    /**
     * Fills {@code buffer} from the channel, {@link #SLICE} bytes at a time, each slice added to both CRC32Cs right after
     * it is read; fewer bytes only at the end of the file.
     */
    private static int fill(FileChannel ch, byte[] buffer, CRC32C whole, CRC32C part) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = ch.read(ByteBuffer.wrap(buffer, filled, Math.min(SLICE, buffer.length - filled)));
            if (n < 0) {
                break;
            }
            whole.update(buffer, filled, n);
            part.update(buffer, filled, n);
            filled += n;
        }
        return filled;
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

    private static <T> T result(Future<T> task) {
        try {
            return task.get();
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
        hashers.shutdownNow();
    }
}
