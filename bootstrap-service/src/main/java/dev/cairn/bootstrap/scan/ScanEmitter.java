package dev.cairn.bootstrap.scan;

import dev.cairn.bootstrap.config.BootstrapConfig;
import dev.cairn.bootstrap.messaging.EventCheck;
import dev.cairn.bootstrap.messaging.EventFactory;
import dev.cairn.bootstrap.messaging.StageEventPublisher;
import dev.cairn.bootstrap.metrics.BootstrapMetrics;
import dev.cairn.bootstrap.store.Match;
import dev.cairn.bootstrap.store.MatchStore;
import dev.cairn.bootstrap.store.ScanRecord;
import dev.cairn.bootstrap.store.ScanStopped;
import dev.cairn.bootstrap.store.ScanStore;
import dev.cairn.bootstrap.store.SourceProblem;
import dev.cairn.bootstrap.store.SourceRecord;
import dev.cairn.contracts.StageEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The emission phase of a real scan: one {@code stage.completed} event per (project, stage found), read from the
 * scan's matches in (project, stage) order, a batch at a time; the checkpoint moves only after Kafka acknowledged the
 * whole batch. A crash re-sends at most one batch, with the same ids and bytes. An event the ledger's validator
 * refuses is a scan problem and is never sent.
 */
@ApplicationScoped
public class ScanEmitter {

    /** The events of a batch of matches that may be sent (with their match), and the problems of the others. */
    record Batch(List<Match> sent, List<StageEvent> events, List<SourceProblem> problems) {}

    private final ScanStore scans;
    private final MatchStore matches;
    private final StageEventPublisher publisher;
    private final BootstrapConfig config;
    private final BootstrapMetrics metrics;
    private final EventCheck check;

    ScanEmitter(
            ScanStore scans,
            MatchStore matches,
            StageEventPublisher publisher,
            BootstrapConfig config,
            BootstrapMetrics metrics,
            EventCheck check) {
        this.scans = scans;
        this.matches = matches;
        this.publisher = publisher;
        this.config = config;
        this.metrics = metrics;
        this.check = check;
    }

    public void emit(ScanRecord scan, List<SourceRecord> sources, BooleanSupplier stopped) {
        MatchStore.Position after = scans.emittedUpTo(scan.id()).orElse(null);
        while (true) {
            if (stopped.getAsBoolean()) {
                throw new ScanStopped(ScanStopped.Why.SHUTDOWN, "stopped while emitting");
            }
            List<Match> found = matches.matchesAfter(scan.id(), after, config.emitBatchSize());
            if (found.isEmpty()) {
                return;
            }
            Batch batch = events(scan, sources, found);
            matches.addProblems(scan.id(), batch.problems());
            if (!batch.events().isEmpty()) {
                publisher.publish(batch.events(), config.publishTimeout());
            }
            Match last = found.get(found.size() - 1);
            scans.emitted(
                    scan.id(), last.project(), last.ordinal(), batch.events().size());
            metrics.eventsEmitted(EventFactory.SOURCE_SCAN, batch.events().size());
            after = new MatchStore.Position(last.project(), last.ordinal());
        }
    }

    /** The events of {@code found} (deterministic: the verdict phase derives the same ones again). */
    Batch events(ScanRecord scan, List<SourceRecord> sources, List<Match> found) {
        List<Match> sent = new ArrayList<>(found.size());
        List<StageEvent> events = new ArrayList<>(found.size());
        List<SourceProblem> problems = new ArrayList<>();
        for (Match m : found) {
            StageEvent e = EventFactory.scanEvent(scan.pipeline(), scan.configId(), sources.get(m.ordinal()), m);
            Optional<String> refusal = check.refusal(e, null);
            if (refusal.isPresent()) {
                problems.add(new SourceProblem(m.ordinal(), m.project(), m.key(), refusal.get()));
            } else {
                sent.add(m);
                events.add(e);
            }
        }
        return new Batch(sent, events, problems);
    }
}
