package dev.cairn.cli.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The checksums of a file, from one read: its SHA-256 (kept in the manifest and in the object's metadata, and sent as
 * {@code x-amz-checksum-sha256} for a single-part upload) and the ETag S3 must answer: the MD5 for a single part, or
 * the MD5 of the parts' MD5s plus {@code -N} for a multipart upload in parts of {@code partSize}.
 */
public record Digest(long size, String sha256Hex, String sha256Base64, String md5Base64, String expectedEtag) {

    private static final int BUFFER = 256 * 1024;

    /** Reads {@code file}; {@code partSize} 0 means a single-part upload. */
    public static Digest of(Path file, long partSize) throws IOException {
        MessageDigest sha = digest("SHA-256");
        MessageDigest md5 = digest("MD5");
        MessageDigest parts = partSize > 0 ? digest("MD5") : null;
        long size = 0;
        long inPart = 0;
        int partCount = 0;
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf.clear()) > 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    int n = buf.remaining();
                    if (parts != null) {
                        n = (int) Math.min(n, partSize - inPart);
                    }
                    sha.update(buf.array(), buf.position(), n);
                    md5.update(buf.array(), buf.position(), n);
                    buf.position(buf.position() + n);
                    size += n;
                    inPart += n;
                    if (parts != null && inPart == partSize) {
                        parts.update(md5.digest());
                        partCount++;
                        inPart = 0;
                    }
                }
            }
        }
        byte[] s = sha.digest();
        if (parts == null) {
            byte[] m = md5.digest();
            return new Digest(size, hex(s), b64(s), b64(m), hex(m));
        }
        if (inPart > 0 || partCount == 0) {
            parts.update(md5.digest());
            partCount++;
        }
        return new Digest(size, hex(s), b64(s), null, hex(parts.digest()) + "-" + partCount);
    }

    /**
     * The digest of {@code file} for an upload through the SDK's multipart client configured with {@code partSize} as
     * both threshold and part size: it goes in parts only when larger than the part size.
     */
    public static Digest forUpload(Path file, long size, long partSize) throws IOException {
        return of(file, size > partSize ? sdkPartSize(size, partSize) : 0);
    }

    /** The single-part digest of bytes in memory (the manifest, a small file read whole). */
    public static Digest of(byte[] bytes) {
        byte[] s = digest("SHA-256").digest(bytes);
        byte[] m = digest("MD5").digest(bytes);
        return new Digest(bytes.length, hex(s), b64(s), b64(m), hex(m));
    }

    /** The part size the AWS SDK's multipart client uses for {@code size}: the configured one, or more above 10,000 parts. */
    public static long sdkPartSize(long size, long configured) {
        return (long) Math.max(Math.ceil(size / 10000.0), configured);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
