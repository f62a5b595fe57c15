package dev.cairn.marker.health;

import dev.cairn.marker.service.MarkerRules;
import dev.cairn.marker.store.MarkerBucket;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: a real listing call against the marker bucket, inside the marker prefix (what the IAM policy allows). */
@Readiness
@ApplicationScoped
public class MarkerBucketHealthCheck implements HealthCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final MarkerBucket bucket;
    private final String prefix;

    MarkerBucketHealthCheck(MarkerBucket bucket, MarkerRules rules) {
        this.bucket = bucket;
        this.prefix = rules.templates().get(0).staticPrefix();
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
