package dev.cairn.bootstrap.scan;

import dev.cairn.bootstrap.ledger.LedgerClient;
import dev.cairn.bootstrap.ledger.VerdictWaiter;
import dev.cairn.bootstrap.store.Match;
import dev.cairn.bootstrap.store.MatchStore;
import dev.cairn.bootstrap.store.ScanRecord;
import dev.cairn.bootstrap.store.ScanStore;
import dev.cairn.bootstrap.store.SourceProblem;
import dev.cairn.bootstrap.store.SourceRecord;
import dev.cairn.contracts.StageEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The last phase of a real scan: asks the ledger ({@code POST /api/v1/events/status}) what it did with every event
 * the scan sent, a batch of ids at a time, waiting while some have no verdict yet or the ledger is unreachable
 * ({@link VerdictWaiter}). Counts applied, duplicate and refused events; each refused event becomes a scan problem
 * with the ledger's reason. Run from the start again after a restart (asking changes nothing).
 */
@ApplicationScoped
public class ScanVerifier {

    private static final Logger LOG = Logger.getLogger(ScanVerifier.class);

    private final ScanStore scans;
    private final MatchStore matches;
    private final ScanEmitter emitter;
    private final VerdictWaiter ledger;

    ScanVerifier(ScanStore scans, MatchStore matches, ScanEmitter emitter, VerdictWaiter ledger) {
        this.scans = scans;
        this.matches = matches;
        this.emitter = emitter;
        this.ledger = ledger;
    }

    /** Keeps the ledger's clock before anything is sent (a first attempt's is kept), asked until it answers. */
    public void since(ScanRecord scan, BooleanSupplier stopped) {
        if (scan.ledgerSince() == null) {
            scans.ledgerSince(scan.id(), ledger.ledgerNow(ledger.deadline(), stopped));
        }
    }

    public void verify(ScanRecord scan, List<SourceRecord> sources, BooleanSupplier stopped) {
        Instant since = scans.find(scan.id()).map(ScanRecord::ledgerSince).orElseThrow();
        long deadline = ledger.deadline();
        long[] counts = new long[3];
        MatchStore.Position after = null;
        while (true) {
            List<Match> found = matches.matchesAfter(scan.id(), after, LedgerClient.STATUS_BATCH);
            if (found.isEmpty()) {
                break;
            }
            ScanEmitter.Batch batch = emitter.events(scan, sources, found);
            List<String> ids = batch.events().stream().map(StageEvent::eventId).toList();
            Map<String, LedgerClient.Verdict> verdicts = ledger.await(batch.events(), since, deadline, stopped);
            List<SourceProblem> problems = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                LedgerClient.Verdict v = verdicts.get(ids.get(i));
                switch (v.status()) {
                    case "applied" -> counts[0]++;
                    case "duplicate" -> counts[1]++;
                    default -> {
                        counts[2]++;
                        Match m = batch.sent().get(i);
                        problems.add(new SourceProblem(
                                m.ordinal(),
                                m.project(),
                                m.key(),
                                "refused by the ledger (" + v.reason() + "): " + v.detail()));
                    }
                }
            }
            matches.addProblems(scan.id(), problems);
            Match last = found.get(found.size() - 1);
            after = new MatchStore.Position(last.project(), last.ordinal());
        }
        scans.confirmed(scan.id(), counts[0], counts[1], counts[2]);
        LOG.infof(
                "scan %s: the ledger applied %d events, %d were duplicates, %d refused",
                scan.id(), counts[0], counts[1], counts[2]);
    }
}
