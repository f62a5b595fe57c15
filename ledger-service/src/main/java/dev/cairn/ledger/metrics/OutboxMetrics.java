package dev.cairn.ledger.metrics;

import dev.cairn.ledger.messaging.OutboxRelay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/** The outbox relay's gauges: its lag, the rows waiting, and whether this instance runs it. */
@Singleton
public class OutboxMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, OutboxRelay relay) {
        Gauge.builder("cairn.ledger.outbox.lag.seconds", relay, OutboxMetrics::lagSeconds)
                .description("age of the oldest change not yet published to cairn.completions")
                .register(registry);
        Gauge.builder("cairn.ledger.outbox.pending", relay, OutboxRelay::pending)
                .description("changes waiting in the outbox")
                .register(registry);
        Gauge.builder("cairn.ledger.outbox.leader", relay, r -> r.isLeader() ? 1 : 0)
                .description("1 when this instance runs the active relay")
                .register(registry);
    }

    private static double lagSeconds(OutboxRelay relay) {
        Instant oldest = relay.oldest();
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }
}
