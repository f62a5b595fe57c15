package dev.cairn.cli.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checksums of one read of a file: SHA-256 always, MD5 (the single PUT's ETag) only up to the part size. */
class DigestTest {

    @Test
    void singlePartFilesGetTheirMd5AsExpectedEtagAndMultipartOnesOnlyTheirSha256(@TempDir Path dir) throws Exception {
        byte[] data = new byte[3 * 256 * 1024 + 17]; // more than one read buffer
        new Random(5).nextBytes(data);
        Path file = Files.write(dir.resolve("f"), data);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));

        Digest single = Digest.forUpload(file, data.length, data.length);
        assertThat(single.sha256Hex()).isEqualTo(sha);
        assertThat(single.expectedEtag()).isEqualTo(md5);
        assertThat(single.size()).isEqualTo(data.length);
        assertThat(Digest.of(data)).isEqualTo(single);

        CRC32C crc = new CRC32C();
        crc.update(data);
        // S3's spelling: base64 of the four bytes, big-endian
        assertThat(Base64.getDecoder().decode(single.crc32c()))
                .isEqualTo(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());

        Digest multipart = Digest.forUpload(file, data.length, data.length - 1);
        assertThat(multipart.crc32c()).isEqualTo(single.crc32c());
        assertThat(multipart.sha256Hex()).isEqualTo(sha);
        assertThat(multipart.md5Base64()).isNull();
        assertThat(multipart.expectedEtag()).isNull();
    }
}
