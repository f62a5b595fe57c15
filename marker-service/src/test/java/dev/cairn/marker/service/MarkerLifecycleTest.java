package dev.cairn.marker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cairn.devstack.ValidatedSettings;
import dev.cairn.marker.config.MarkerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * The lifecycle rule on a server that implements lifecycle configuration: moto's S3 server (preinstalled Python
 * package, see MACHINE-NOTES), since the devstack's S3Proxy answers NotImplemented (covered in MarkerResourceTest).
 */
class MarkerLifecycleTest {

    static final String BUCKET = "lifecycle-test";
    static Process moto;
    static S3Client s3;

    /** The defaults are the markers document's rule. */
    static final MarkerConfig.Lifecycle DOCUMENT_RULE = ValidatedSettings.of(
                    MarkerConfig.class, Map.of("cairn.marker.bucket", BUCKET))
            .lifecycle();

    @BeforeAll
    static void startMoto() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("moto-", ".log");
        moto = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        int p = port;
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Socket ignored = new Socket("127.0.0.1", p)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        s3 = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopMoto() {
        if (s3 != null) {
            s3.close();
        }
        if (moto != null) {
            moto.destroy();
        }
    }

    @Test
    void appliesTheDocumentsRuleAndKeepsTheBucketsOtherRules() {
        s3.putBucketLifecycleConfiguration(b -> b.bucket(BUCKET)
                .lifecycleConfiguration(c -> c.rules(LifecycleRule.builder()
                        .id("logs-expiry")
                        .status(ExpirationStatus.ENABLED)
                        .filter(f -> f.prefix("logs/"))
                        .expiration(e -> e.days(7))
                        .build())));
        MarkerLifecycle lifecycle = new MarkerLifecycle(s3, BUCKET, DOCUMENT_RULE);

        MarkerLifecycle.Applied answer = lifecycle.apply();
        lifecycle.apply(); // applying twice replaces the rule, never duplicates it

        assertThat(answer.otherRulesKept()).isEqualTo(1);
        assertThat(answer.bucket()).isEqualTo(BUCKET);
        List<LifecycleRule> rules =
                s3.getBucketLifecycleConfiguration(b -> b.bucket(BUCKET)).rules();
        assertThat(rules)
                .extracting(LifecycleRule::id)
                .containsExactlyInAnyOrder("logs-expiry", "completion-markers-lifecycle");
        LifecycleRule ours = rules.stream()
                .filter(r -> r.id().equals("completion-markers-lifecycle"))
                .findFirst()
                .orElseThrow();
        assertThat(ours.status()).isEqualTo(ExpirationStatus.ENABLED);
        assertThat(ours.filter().prefix()).isEqualTo("completion_markers/");
        assertThat(ours.transitions())
                .extracting(t -> t.days() + " " + t.storageClass())
                .containsExactly("30 " + TransitionStorageClass.STANDARD_IA, "90 " + TransitionStorageClass.GLACIER);
        assertThat(ours.expiration().days()).isEqualTo(365);
    }
}
