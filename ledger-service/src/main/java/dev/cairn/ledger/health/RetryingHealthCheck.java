package dev.cairn.ledger.health;

import dev.cairn.ledger.messaging.Retries;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN while applying stage events, publishing to the DLQ or relaying the outbox has been failing for at
 * least {@code cairn.ledger.retry.unready-after}: one entry per failing operation, with since when and the last cause
 * (for example the database unreachable or read-only). It comes back UP by itself once the work passes; liveness is not
 * affected, since a restart would not help.
 */
@Readiness
@ApplicationScoped
public class RetryingHealthCheck implements HealthCheck {

    private final Retries retries;

    RetryingHealthCheck(Retries retries) {
        this.retries = retries;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Ledger work");
        List<Retries.Failing> stuck = retries.stuck();
        if (stuck.isEmpty()) {
            return response.up().build();
        }
        response.down();
        for (Retries.Failing f : stuck) {
            response.withData(f.what(), "failing since " + f.since() + " (attempt " + f.attempts() + "): " + f.cause());
        }
        return response.build();
    }
}
