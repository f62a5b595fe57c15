package dev.cairn.marker.config;

import dev.cairn.marker.service.MarkerLifecycle;
import dev.cairn.marker.service.MarkerRules;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the {@link MarkerRules} at start-up, so a configuration whose markers could collide stops the service. */
public class MarkerRulesProducer {

    @Produces
    @Singleton
    @Startup
    MarkerRules markerRules(MarkerConfig config) {
        if (config.retention().enabled() && config.retention().days().isEmpty()) {
            throw new IllegalStateException("cairn.marker.retention.enabled=true needs cairn.marker.retention.days "
                    + "(env CAIRN_MARKER_RETENTION_DAYS): folders older than how many days should be deleted?");
        }
        config.retention().days().ifPresent(days -> {
            if (days < 1) {
                throw new IllegalStateException("cairn.marker.retention.days must be at least 1, not " + days);
            }
        });
        if (config.concurrency() < 1) {
            throw new IllegalStateException("cairn.marker.concurrency must be at least 1, not " + config.concurrency());
        }
        MarkerLifecycle.check(config.lifecycle());
        return MarkerRules.from(config);
    }
}
