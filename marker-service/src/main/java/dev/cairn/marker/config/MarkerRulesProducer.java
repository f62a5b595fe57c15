package dev.cairn.marker.config;

import dev.cairn.marker.service.MarkerRules;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Builds the {@link MarkerRules} (templates and marker stages) at start-up, so a configuration whose markers could
 * collide stops the service. The plain settings are checked by Bean Validation on {@link MarkerConfig}.
 */
public class MarkerRulesProducer {

    @Produces
    @Singleton
    @Startup
    MarkerRules markerRules(MarkerConfig config) {
        return MarkerRules.from(config);
    }
}
