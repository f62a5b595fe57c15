package dev.cairn.marker.health;

import dev.cairn.marker.service.Retrier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN while some S3 or Kafka call of the marker path has been failing for longer than
 * {@value #STUCK_AFTER_SECONDS} s, e.g. PUTs refused (AccessDenied) although the bucket still lists.
 */
@Readiness
@ApplicationScoped
public class MarkerWriterHealthCheck implements HealthCheck {

    static final long STUCK_AFTER_SECONDS = 60;

    private final Retrier retrier;
    private final Duration stuckAfter;

    @Inject
    MarkerWriterHealthCheck(Retrier retrier) {
        this(retrier, Duration.ofSeconds(STUCK_AFTER_SECONDS));
    }

    MarkerWriterHealthCheck(Retrier retrier, Duration stuckAfter) {
        this.retrier = retrier;
        this.stuckAfter = stuckAfter;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Marker writer");
        return retrier.oldestFailure()
                .filter(f -> Duration.between(f.getKey(), Instant.now()).compareTo(stuckAfter) >= 0)
                .map(f -> response.down()
                        .withData("failing_since", f.getKey().toString())
                        .withData("call", f.getValue())
                        .build())
                .orElseGet(() -> response.up().build());
    }
}
