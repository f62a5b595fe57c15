package dev.cairn.bootstrap.health;

import dev.cairn.bootstrap.config.BootstrapConfig;
import dev.cairn.bootstrap.s3.ObjectLister;
import dev.cairn.bootstrap.s3.TransientRetry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: a real S3 call, HeadBucket on {@code cairn.bootstrap.health.buckets}, else ListBuckets. */
@Readiness
@ApplicationScoped
public class S3ReadinessCheck implements HealthCheck {

    private final ObjectLister s3;
    private final BootstrapConfig.Health config;

    S3ReadinessCheck(ObjectLister s3, BootstrapConfig config) {
        this.s3 = s3;
        this.config = config.health();
    }

    @Override
    public HealthCheckResponse call() {
        List<String> buckets = config.buckets().orElse(List.of());
        var response = HealthCheckResponse.named("S3")
                .withData("probe", buckets.isEmpty() ? "ListBuckets" : "HeadBucket " + buckets);
        try {
            s3.ping(buckets, config.timeout());
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down().withData("error", TransientRetry.describe(e)).build();
        }
    }
}
