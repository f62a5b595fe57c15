package dev.cairn.marker.health;

import dev.cairn.marker.service.MarkerRules;
import dev.cairn.marker.store.MarkerBucket;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: a real listing call against the marker bucket, inside the marker prefix (what the IAM policy allows), of
 * a folder no marker is ever written to ({@code <prefix>.cairn-health/}). Listing the marker prefix itself costs, on an
 * S3 server that walks its store to answer (S3Proxy's filesystem store), time that grows with every marker folder: in
 * a fault-matrix run with ~7,500 folders one such call took 56 s, and readiness stayed DOWN while markers were
 * written.
 */
@Readiness
@ApplicationScoped
public class MarkerBucketHealthCheck implements HealthCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** Under the markers' static prefix; no folder is rendered there: names and timestamps never start with a dot. */
    static final String HEALTH_FOLDER = ".cairn-health/";

    private final MarkerBucket bucket;
    private final String prefix;

    MarkerBucketHealthCheck(MarkerBucket bucket, MarkerRules rules) {
        this.bucket = bucket;
        this.prefix = rules.templates().get(0).staticPrefix() + HEALTH_FOLDER;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("S3 marker bucket").withData("bucket", bucket.name());
        try {
            bucket.ping(prefix, TIMEOUT);
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
