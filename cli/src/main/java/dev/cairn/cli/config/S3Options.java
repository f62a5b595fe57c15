package dev.cairn.cli.config;

import dev.cairn.cli.CliException;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where S3 is. Credentials are the AWS SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE,
 * web identity in Kubernetes, instance roles). The endpoint is for S3-compatible servers; with one, path-style
 * addressing is the default.
 */
public class S3Options {

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            description =
                    "S3-compatible endpoint (else AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, S3_ENDPOINT, else s3.endpoint"
                            + " in the settings file; else AWS S3)")
    String endpoint;

    @Option(
            names = "--s3-region",
            paramLabel = "REGION",
            description =
                    "region (else AWS_REGION, AWS_DEFAULT_REGION, s3.region, the AWS profile; us-east-1 with an endpoint)")
    String region;

    @Option(
            names = "--s3-path-style",
            paramLabel = "true|false",
            description =
                    "path-style addressing (else CAIRN_S3_PATH_STYLE, s3.path_style; default: true with an endpoint)")
    Boolean pathStyle;

    /** The resolved S3 settings. */
    public record Resolved(URI endpoint, String region, boolean pathStyle) {}

    public Resolved resolve(Map<String, String> env, ConfigFile file) {
        String ep = first(
                endpoint,
                env.get("AWS_ENDPOINT_URL_S3"),
                env.get("AWS_ENDPOINT_URL"),
                env.get("S3_ENDPOINT"),
                file.get("s3.endpoint").orElse(null));
        URI uri = null;
        if (ep != null) {
            try {
                uri = URI.create(ep);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--s3-endpoint", "'" + ep + "' is not a URL such as http://localhost:9000");
            }
        }
        String r = first(
                region,
                env.get("AWS_REGION"),
                env.get("AWS_DEFAULT_REGION"),
                file.get("s3.region").orElse(null));
        if (r == null && uri != null) {
            r = "us-east-1";
        }
        String ps = pathStyle != null
                ? pathStyle.toString()
                : first(
                        env.get("CAIRN_S3_PATH_STYLE"),
                        file.get("s3.path_style").orElse(null));
        if (ps != null && !ps.equalsIgnoreCase("true") && !ps.equalsIgnoreCase("false")) {
            throw CliException.usage("--s3-path-style", "'" + ps + "' must be true or false");
        }
        return new Resolved(uri, r, ps != null ? Boolean.parseBoolean(ps) : uri != null);
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
