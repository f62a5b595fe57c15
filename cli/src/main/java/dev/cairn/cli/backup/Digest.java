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
import java.util.zip.CRC32C;

/**
 * The checksums of a file: its SHA-256 (kept in the manifest; for a single-part upload also in the object's metadata
 * and sent as {@code x-amz-checksum-sha256}), its CRC32C (base64, the full-object checksum S3 keeps for a multipart
 * upload, compared when a re-run decides whether such an object is already there) and, for a single-part upload, its
 * MD5 ({@code Content-MD5}, and the ETag S3 must answer). The CRC32C costs next to nothing (a CPU instruction).
 */
public record Digest(
        long size, String sha256Hex, String sha256Base64, String md5Base64, String expectedEtag, String crc32c) {

    private static final int BUFFER = 256 * 1024;

    /** Reads {@code file}; with {@code md5} also its MD5 (for a single-part upload). */
    public static Digest of(Path file, boolean md5) throws IOException {
        MessageDigest sha = digest("SHA-256");
        MessageDigest m = md5 ? digest("MD5") : null;
        CRC32C crc = new CRC32C();
        long size = 0;
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n; (n = ch.read(buf.clear())) > 0; ) {
                sha.update(buf.array(), 0, n);
                crc.update(buf.array(), 0, n);
                if (m != null) {
                    m.update(buf.array(), 0, n);
                }
                size += n;
            }
        }
        byte[] s = sha.digest();
        if (m == null) {
            return new Digest(size, hex(s), b64(s), null, null, crc32c(crc));
        }
        byte[] d = m.digest();
        return new Digest(size, hex(s), b64(s), b64(d), hex(d), crc32c(crc));
    }

    /**
     * The digest of {@code file} for an upload through the SDK's multipart client configured with {@code partSize} as
     * both threshold and part size: it goes in parts only when larger than the part size.
     */
    public static Digest forUpload(Path file, long size, long partSize) throws IOException {
        return of(file, size <= partSize);
    }

    /** The single-part digest of bytes in memory (the manifest, a small file read whole). */
    public static Digest of(byte[] bytes) {
        byte[] s = digest("SHA-256").digest(bytes);
        byte[] m = digest("MD5").digest(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return new Digest(bytes.length, hex(s), b64(s), b64(m), hex(m), crc32c(crc));
    }

    /** A multipart upload's digest: the SHA-256 and the whole file's CRC32C, taken as its parts were read. */
    static Digest ofParts(long size, byte[] sha256, CRC32C whole) {
        return new Digest(size, hex(sha256), b64(sha256), null, null, crc32c(whole));
    }

    /** A CRC32C as S3 writes it: base64 of its four bytes, big-endian. */
    static String crc32c(CRC32C crc) {
        long v = crc.getValue();
        return b64(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    static MessageDigest digest(String algorithm) {
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
