package dev.cairn.cli;

import static dev.cairn.cli.EmitIT.assertExit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A file larger than the part size: S3 keeps its CRC32C as the object's full-object checksum, and a re-run skips the
 * object only while that checksum is the file's (the SHA-256 is in the manifest only).
 */
class BackupMultipartIT {

    @Test
    void aMultipartObjectIsSkippedOnlyWhenItsFullObjectCrc32cIsTheFilesOne() throws Exception {
        CliTestStack stack = CliTestStack.get();
        Map<String, String> env = stack.env();
        String key = "PARTS-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] data = new byte[12 * 1024 * 1024 + 5]; // three parts of 5 MiB
        new Random(9).nextBytes(data);
        Path folder = Path.of("target", "backup-it", key).toAbsolutePath();
        Path file = folder.resolve("gis_data/ortho.gpkg");
        ProjectFolder.write(file, data);
        String[] args = {
            "backup",
            "--folder",
            folder.toString(),
            "--project-key",
            key,
            "--include",
            "gis_data",
            "--custom-timestamp",
            "20250101_0000",
            "--bucket",
            CliTestStack.BUCKET,
            "--part-size",
            "5MiB"
        };
        String object = key + "/gis_data/20250101_0000/ortho.gpkg";
        assertThat(ok(env, args).out()).contains(" 1 uploaded");
        // S3 keeps the file's CRC32C as the object's full-object checksum; the manifest has its SHA-256
        CRC32C crc = new CRC32C();
        crc.update(data);
        try (S3Client s3 = stack.s3()) {
            HeadObjectResponse head =
                    s3.headObject(b -> b.bucket(CliTestStack.BUCKET).key(object).checksumMode(ChecksumMode.ENABLED));
            assertThat(head.checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
            assertThat(head.checksumCRC32C())
                    .isEqualTo(Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(4)
                                    .putInt((int) crc.getValue())
                                    .array()));
            assertThat(head.eTag()).endsWith("-3\"");
            assertThat(s3.getObjectAsBytes(b -> b.bucket(CliTestStack.BUCKET).key(object))
                            .asByteArray())
                    .isEqualTo(data);
            JsonNode manifest = Json.mapper()
                    .readTree(s3.getObjectAsBytes(
                                    b -> b.bucket(CliTestStack.BUCKET).key(key + "/_manifests/20250101_0000.json"))
                            .asByteArray());
            assertThat(manifest.path("files").get(0).path("sha256").asText()).isEqualTo(ProjectFolder.sha256(file));
        }

        assertThat(ok(env, args).out()).contains(" 0 uploaded", "1 already in S3");

        data[7 * 1024 * 1024] ^= 1; // same size, other content, in the second part
        Files.write(file, data);
        CliRun.Result refused = CliRun.run(env, args);
        assertExit(1, "refusing to overwrite", refused);
        assertThat(refused.err()).contains(object + " (other content: CRC32C");
    }

    private static CliRun.Result ok(Map<String, String> env, String... args) {
        CliRun.Result r = CliRun.run(env, args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }
}
