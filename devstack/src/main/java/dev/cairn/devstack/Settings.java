package dev.cairn.devstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the devstack's servers listen, as the environment variables the Cairn services, the seed scripts and
 * the AWS CLI read, and as Quarkus configuration for tests. A null field means that server was not started.
 */
public record Settings(
        String kafkaBootstrapServers, String jdbcUrl, String jdbcUser, String jdbcPassword, String s3Endpoint) {

    /** Environment variables, in a stable order. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (kafkaBootstrapServers != null) {
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        }
        if (jdbcUrl != null) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
            env.put("QUARKUS_DATASOURCE_USERNAME", jdbcUser);
            env.put("QUARKUS_DATASOURCE_PASSWORD", jdbcPassword);
        }
        if (s3Endpoint != null) {
            env.put("QUARKUS_S3_ENDPOINT_OVERRIDE", s3Endpoint);
            env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
            env.put("QUARKUS_S3_AWS_REGION", S3Server.REGION);
            env.put("QUARKUS_S3_AWS_CREDENTIALS_TYPE", "static");
            env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
            env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
            // for the seed scripts (S3_ENDPOINT), boto3 and the AWS CLI
            env.put("S3_ENDPOINT", s3Endpoint);
            env.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
            env.put("AWS_DEFAULT_REGION", S3Server.REGION);
            env.put("AWS_REGION", S3Server.REGION);
        }
        return env;
    }

    /** {@code export NAME='value'} lines for a POSIX shell. */
    public List<String> exportLines() {
        List<String> lines = new ArrayList<>();
        environment().forEach((k, v) -> lines.add("export " + k + "='" + v.replace("'", "'\\''") + "'"));
        return lines;
    }

    /** Quarkus configuration for a test of a service (what the environment variables say, as properties). */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        if (kafkaBootstrapServers != null) {
            config.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        }
        if (jdbcUrl != null) {
            config.put("quarkus.datasource.jdbc.url", jdbcUrl);
            config.put("quarkus.datasource.username", jdbcUser);
            config.put("quarkus.datasource.password", jdbcPassword);
        }
        if (s3Endpoint != null) {
            config.put("quarkus.s3.endpoint-override", s3Endpoint);
            config.put("quarkus.s3.path-style-access", "true");
            config.put("quarkus.s3.aws.region", S3Server.REGION);
            config.put("quarkus.s3.aws.credentials.type", "static");
            config.put("quarkus.s3.aws.credentials.static-provider.access-key-id", S3Server.ACCESS_KEY);
            config.put("quarkus.s3.aws.credentials.static-provider.secret-access-key", S3Server.SECRET_KEY);
        }
        return config;
    }

    public Settings withJdbcUrl(String url) {
        return new Settings(kafkaBootstrapServers, url, jdbcUser, jdbcPassword, s3Endpoint);
    }
}
