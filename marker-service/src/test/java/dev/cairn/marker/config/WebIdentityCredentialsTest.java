package dev.cairn.marker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * IRSA on EKS: the pod gets {@code AWS_ROLE_ARN} and {@code AWS_WEB_IDENTITY_TOKEN_FILE}, and the AWS default
 * credentials chain ({@code quarkus.s3.aws.credentials.type=default}) must exchange the token for role credentials
 * through STS. That works only with the {@code sts} module on the class path, so this test builds the default chain
 * exactly as the S3 client does, with the web-identity settings (as system properties, which the SDK reads before the
 * environment) and STS pointed at a stand-in on 127.0.0.1, and expects the stand-in's credentials back.
 */
class WebIdentityCredentialsTest {

    static final String ROLE = "arn:aws:iam::123456789012:role/cairn-marker-service";
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.service-account-token.signature";

    static final List<String> SETTINGS = List.of(
            "aws.webIdentityTokenFile",
            "aws.roleArn",
            "aws.roleSessionName",
            "aws.region",
            "aws.endpointUrlSts",
            "aws.disableEc2Metadata");

    @TempDir
    Path dir;

    HttpServer sts;
    final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void standInSts() throws IOException {
        sts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sts.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(form(body));
            byte[] answer = assumedRole().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        sts.start();
    }

    @AfterEach
    void stop() {
        sts.stop(0);
        SETTINGS.forEach(System::clearProperty);
    }

    @Test
    void defaultChainExchangesTheServiceAccountTokenForRoleCredentials() throws IOException {
        assumeTrue(
                System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_ACCESS_KEY") == null,
                "static AWS keys in this environment come before web identity in the default chain");
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
        System.setProperty("aws.webIdentityTokenFile", tokenFile.toString());
        System.setProperty("aws.roleArn", ROLE);
        System.setProperty("aws.roleSessionName", "cairn-test");
        System.setProperty("aws.region", "us-east-1");
        System.setProperty(
                "aws.endpointUrlSts", "http://127.0.0.1:" + sts.getAddress().getPort());
        // should the chain fall through, it must not reach for the EC2 metadata address: this test stays on loopback
        System.setProperty("aws.disableEc2Metadata", "true");

        try (DefaultCredentialsProvider chain =
                DefaultCredentialsProvider.builder().build()) {
            AwsCredentials credentials = chain.resolveCredentials();

            assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
            assertThat(credentials.accessKeyId()).isEqualTo("ASIAWEBIDENTITYTEST");
            assertThat(((AwsSessionCredentials) credentials).sessionToken()).isEqualTo("session-token-from-sts");
        }
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0))
                .containsEntry("Action", "AssumeRoleWithWebIdentity")
                .containsEntry("RoleArn", ROLE)
                .containsEntry("WebIdentityToken", TOKEN);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static String assumedRole() {
        return """
                <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                  <AssumeRoleWithWebIdentityResult>
                    <Credentials>
                      <AccessKeyId>ASIAWEBIDENTITYTEST</AccessKeyId>
                      <SecretAccessKey>secret-from-sts</SecretAccessKey>
                      <SessionToken>session-token-from-sts</SessionToken>
                      <Expiration>2099-01-01T00:00:00Z</Expiration>
                    </Credentials>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::123456789012:assumed-role/cairn-marker-service/cairn-test</Arn>
                      <AssumedRoleId>AROATEST:cairn-test</AssumedRoleId>
                    </AssumedRoleUser>
                    <SubjectFromWebIdentityToken>system:serviceaccount:cairn:marker-service</SubjectFromWebIdentityToken>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata><RequestId>test</RequestId></ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """;
    }
}
