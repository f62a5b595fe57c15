package dev.cairn.bootstrap.scan;

import dev.cairn.bootstrap.config.BootstrapConfig;
import dev.cairn.bootstrap.messaging.EventFactory;
import dev.cairn.bootstrap.messaging.StageEventPublisher;
import dev.cairn.bootstrap.metrics.BootstrapMetrics;
import dev.cairn.bootstrap.store.Match;
import dev.cairn.bootstrap.store.MatchStore;
import dev.cairn.bootstrap.store.ScanRecord;
import dev.cairn.bootstrap.store.ScanStopped;
import dev.cairn.bootstrap.store.ScanStore;
import dev.cairn.bootstrap.store.SourceRecord;
import dev.cairn.contracts.StageEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The emission phase of a real scan: one {@code stage.completed} event per (project, stage found), read from the
 * scan's matches in (project, stage) order, a batch at a time; the checkpoint moves only after Kafka acknowledged the
 * whole batch. A crash re-sends at most one batch, with the same ids and bytes.
 */
@ApplicationScoped
public class ScanEmitter {

    private final ScanStore scans;
    private final MatchStore matches;
    private final StageEventPublisher publisher;
    private final BootstrapConfig config;
    private final BootstrapMetrics metrics;

    ScanEmitter(
            ScanStore scans,
            MatchStore matches,
            StageEventPublisher publisher,
            BootstrapConfig config,
            BootstrapMetrics metrics) {
        this.scans = scans;
        this.matches = matches;
        this.publisher = publisher;
        this.config = config;
        this.metrics = metrics;
    }

    public void emit(ScanRecord scan, List<SourceRecord> sources, BooleanSupplier stopped) {
        MatchStore.Position after = scans.emittedUpTo(scan.id()).orElse(null);
        while (true) {
            if (stopped.getAsBoolean()) {
                throw new ScanStopped(ScanStopped.Why.SHUTDOWN, "stopped while emitting");
            }
            List<Match> batch = matches.matchesAfter(scan.id(), after, config.emitBatchSize());
            if (batch.isEmpty()) {
                return;
            }
            List<StageEvent> events = batch.stream()
                    .map(m -> EventFactory.scanEvent(scan.pipeline(), scan.configId(), sources.get(m.ordinal()), m))
                    .toList();
            publisher.publish(events, config.publishTimeout());
            Match last = batch.get(batch.size() - 1);
            scans.emitted(scan.id(), last.project(), last.ordinal(), batch.size());
            metrics.eventsEmitted(EventFactory.SOURCE_SCAN, batch.size());
            after = new MatchStore.Position(last.project(), last.ordinal());
        }
    }
}
