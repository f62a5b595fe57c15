package dev.cairn.ledger.metrics;

import dev.cairn.contracts.RejectReason;
import dev.cairn.ledger.store.ParkedStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The ledger's counters and timers (exported on {@code /q/metrics}). */
@ApplicationScoped
public class LedgerMetrics {

    private final Counter consumed;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter retries;
    private final Map<RejectReason, Counter> deadLettered = new EnumMap<>(RejectReason.class);
    private final Timer applyBatch;
    private final Counter dlqTruncated;
    private final Map<ParkedStore.Kind, Counter> parked = new EnumMap<>(ParkedStore.Kind.class);

    LedgerMetrics(MeterRegistry registry) {
        this.consumed = registry.counter("cairn.ledger.events.consumed");
        this.applied = registry.counter("cairn.ledger.events.applied");
        this.duplicates = registry.counter("cairn.ledger.events.duplicate");
        this.retries = registry.counter("cairn.ledger.apply.retries");
        for (RejectReason r : RejectReason.values()) {
            deadLettered.put(r, registry.counter("cairn.ledger.events.dead.lettered", "reason", r.code()));
        }
        this.dlqTruncated = registry.counter("cairn.ledger.dlq.truncated");
        for (ParkedStore.Kind k : ParkedStore.Kind.values()) {
            parked.put(
                    k, registry.counter("cairn.ledger.parked", "kind", k.name().toLowerCase(Locale.ROOT)));
        }
        this.applyBatch = Timer.builder("cairn.ledger.apply.batch")
                .description("time to apply one batch in PostgreSQL")
                .publishPercentileHistogram()
                .register(registry);
    }

    public void consumed(int n) {
        consumed.increment(n);
    }

    public void applied(int n) {
        applied.increment(n);
    }

    public void duplicates(int n) {
        duplicates.increment(n);
    }

    public void retry() {
        retries.increment();
    }

    public void deadLettered(RejectReason reason) {
        deadLettered.get(reason).increment();
    }

    /** A DLQ copy sent truncated because the full one was refused. */
    public void dlqTruncated() {
        dlqTruncated.increment();
    }

    /** A record moved to {@code ledger.parked} because it can never be sent. */
    public void parked(ParkedStore.Kind kind) {
        parked.get(kind).increment();
    }

    public Timer applyTimer() {
        return applyBatch;
    }
}
