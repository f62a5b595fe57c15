package dev.cairn.ledger.lineage;

import dev.cairn.ledger.config.LedgerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RunEvents that are about no Cairn pipeline. Most of a lineage stream is, so they are not errors: each is counted in
 * {@code cairn_ledger_lineage_unmapped_total{namespace,job}} and the last {@value #KEPT} are kept in memory (per
 * instance, lost on restart) for {@code GET /api/v1/lineage/unmapped}. The counter's tags are bounded: the first
 * {@code cairn.ledger.lineage.max-tracked-jobs} (namespace, job) pairs get their own series, later ones
 * {@code _other}/{@code _other}, and a tag value is cut at 100 characters.
 */
@ApplicationScoped
public class UnmappedRuns {

    public static final int KEPT = 100;
    static final String OTHER = "_other";
    private static final int MAX_TAG = 100;

    /** One unmapped RunEvent as listed. */
    public record Entry(Instant receivedAt, String source, Mapping.UnmappedRun run) {}

    private final MeterRegistry registry;
    private final int maxTracked;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Deque<Entry> last = new ArrayDeque<>(KEPT);
    private final Clock clock = Clock.systemUTC();

    UnmappedRuns(MeterRegistry registry, LedgerConfig config) {
        this.registry = registry;
        this.maxTracked = config.lineage().maxTrackedJobs();
    }

    public void record(Mapping.UnmappedRun run, String source) {
        counter(run.namespace(), run.job()).increment();
        synchronized (last) {
            if (last.size() == KEPT) {
                last.removeLast();
            }
            last.addFirst(new Entry(clock.instant(), source, run));
        }
    }

    /** Newest first. */
    public List<Entry> latest() {
        synchronized (last) {
            return new ArrayList<>(last);
        }
    }

    private Counter counter(String namespace, String job) {
        List<String> tags = List.of(cut(namespace), cut(job));
        Counter counter = counters.get(tags);
        if (counter != null) {
            return counter;
        }
        if (counters.size() >= maxTracked) {
            tags = List.of(OTHER, OTHER);
        }
        return counters.computeIfAbsent(
                tags, t -> registry.counter("cairn.ledger.lineage.unmapped", "namespace", t.get(0), "job", t.get(1)));
    }

    private static String cut(String value) {
        return value.length() <= MAX_TAG ? value : value.substring(0, MAX_TAG);
    }
}
