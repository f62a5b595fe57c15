package dev.cairn.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class LocalS3Test {

    @Test
    void localS3StoresAndListsPageByPage() throws Exception {
        try (S3Server server =
                        S3Server.start(S3Server.Kind.LOCALS3, RuntimeDirs.from(Map.of()), 0, Duration.ofSeconds(60));
                S3Client s3 = S3Server.client(server.endpoint())) {
            S3Server.createBuckets(server.endpoint(), List.of("listing"));
            for (int i = 0; i < 2500; i++) {
                String key = "p/%05d/x.tif".formatted(i);
                s3.putObject(b -> b.bucket("listing").key(key), RequestBody.fromString("x"));
            }
            List<String> keys = s3
                    .listObjectsV2Paginator(b -> b.bucket("listing").prefix("p/"))
                    .contents()
                    .stream()
                    .map(S3Object::key)
                    .toList();
            assertThat(keys).hasSize(2500).isSorted().first().isEqualTo("p/00000/x.tif");
            assertThat(s3
                            .listObjectsV2Paginator(
                                    b -> b.bucket("listing").prefix("p/").delimiter("/"))
                            .commonPrefixes()
                            .stream()
                            .count())
                    .isEqualTo(2500);
            assertThat(s3.getObjectAsBytes(b -> b.bucket("listing").key("p/00042/x.tif"))
                            .asUtf8String())
                    .isEqualTo("x");
        }
    }
}
