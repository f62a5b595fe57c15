package dev.cairn.bench;

import dev.cairn.devstack.S3Server;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The benchmark's own S3 client, configured like the marker service's (pooled Apache client, keep-alive, no
 * {@code Expect: 100-continue}), so that a baseline is not slowed down by its client.
 */
final class S3Clients {

    private S3Clients() {}

    static S3Client create(String endpoint, int connections) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(S3Server.REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)))
                .httpClientBuilder(
                        ApacheHttpClient.builder().maxConnections(connections).expectContinueEnabled(false))
                .build();
    }
}
