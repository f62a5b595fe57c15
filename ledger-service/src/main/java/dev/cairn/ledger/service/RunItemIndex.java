package dev.cairn.ledger.service;

import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.domain.ItemStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Item statuses of recent runs in memory, each at the {@code items_version} of the run it was read or kept at
 * (migration V8: every transaction that changes a run's items gives the run a new version, whoever writes). An
 * answer comes from here only when the cached version equals the version the database holds at the time of the
 * request; anything else is a miss, never a stale answer.
 *
 * <p>Kept up to date in three ways: a run created here starts empty at its first version; a batch recorded here is
 * applied after its commit when it moved the version from exactly the cached one ({@link #committed}; batches that
 * commit out of order wait, at most {@value #MAX_PARKED} per run, for the one before them); and a miss may
 * {@link #install} a table read from the database in one statement. Bounded by
 * {@code cairn.ledger.runs.index.max-bytes}: whole runs leave, least recently used first.
 */
@ApplicationScoped
public class RunItemIndex {

    static final int MAX_PARKED = 64;

    /** A batch that committed before the one it follows was applied. */
    private record Parked(long version, List<ItemStatus> changes) {}

    private static final class Entry {
        final ReadWriteLock lock = new ReentrantReadWriteLock();
        final ItemStatusTable table;
        final TreeMap<Long, Parked> parked = new TreeMap<>();
        long version;
        long bytes;

        Entry(ItemStatusTable table, long version) {
            this.table = table;
            this.version = version;
            this.bytes = table.bytes();
        }
    }

    private final long maxBytes;
    private final Map<String, Entry> runs = new LinkedHashMap<>(16, 0.75f, true); // access order: LRU first
    private long bytes;

    @Inject
    RunItemIndex(LedgerConfig config) {
        this(config.runs().index().maxBytes());
    }

    RunItemIndex(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The largest table this index keeps. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Whether {@code runId} is held (at any version): a batch of it should then collect its changes. */
    public boolean holds(String runId) {
        synchronized (this) {
            return maxBytes > 0 && runs.containsKey(runId);
        }
    }

    /**
     * The status of each name ({@link ItemStatusTable#UNKNOWN} for none) when the index holds the run at exactly
     * {@code version}, else {@code null}.
     */
    public byte[] statuses(String runId, long version, List<String> names) {
        Entry e;
        synchronized (this) {
            e = runs.get(runId);
        }
        if (e == null) {
            return null;
        }
        e.lock.readLock().lock();
        try {
            if (e.version != version) {
                return null;
            }
            byte[] out = new byte[names.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = e.table.get(names.get(i));
            }
            return out;
        } finally {
            e.lock.readLock().unlock();
        }
    }

    /** A run created here: no items yet, at its first version. */
    public void created(String runId, long version) {
        install(runId, version, new ItemStatusTable(16));
    }

    /**
     * Keeps {@code table}, read from the database at {@code version}, unless the index holds the run at that version
     * or a later one already (versions of one run grow with each commit).
     */
    public void install(String runId, long version, ItemStatusTable table) {
        if (table.bytes() > maxBytes) {
            return;
        }
        synchronized (this) {
            Entry held = runs.get(runId);
            if (held != null) {
                held.lock.writeLock().lock();
                try {
                    if (held.version >= version) {
                        return;
                    }
                } finally {
                    held.lock.writeLock().unlock();
                }
                forget(runId);
            }
            Entry e = new Entry(table, version);
            runs.put(runId, e);
            bytes += e.bytes;
            evict(runId);
        }
    }

    /**
     * A batch of {@code runId} committed here and moved the run from version {@code from} to {@code to} with
     * {@code changes} (its own changes only: the version moved by exactly this transaction). Applied when the index
     * holds the run at {@code from}; kept for later when the index is behind {@code from} (another batch of this
     * instance has yet to report); dropped when the index is past it already.
     */
    public void committed(String runId, long from, long to, List<ItemStatus> changes) {
        Entry e;
        synchronized (this) {
            e = runs.get(runId);
        }
        if (e == null) {
            return;
        }
        boolean tooMany;
        long now;
        e.lock.writeLock().lock();
        try {
            if (from > e.version) {
                e.parked.put(from, new Parked(to, changes));
            } else if (from == e.version) {
                apply(e, to, changes);
                for (Parked next; (next = e.parked.remove(e.version)) != null; ) {
                    apply(e, next.version(), next.changes());
                }
            }
            e.parked.headMap(e.version, true).clear();
            tooMany = e.parked.size() > MAX_PARKED;
            now = e.table.bytes();
        } finally {
            e.lock.writeLock().unlock();
        }
        synchronized (this) {
            if (tooMany && runs.get(runId) == e) {
                forget(runId);
            } else if (runs.get(runId) == e) {
                bytes += now - e.bytes;
                e.bytes = now;
                evict(runId);
            }
        }
    }

    private static void apply(Entry e, long version, List<ItemStatus> changes) {
        for (ItemStatus c : changes) {
            e.table.put(c.item(), ItemStatus.code(c.status()));
        }
        e.version = version;
    }

    /** Drops the run (cleared, or known to be stale). */
    public void forget(String runId) {
        synchronized (this) {
            Entry e = runs.remove(runId);
            if (e != null) {
                bytes -= e.bytes;
            }
        }
    }

    /** Runs held and their bytes, for tests and the logs. */
    public synchronized Map<String, Long> held() {
        Map<String, Long> out = new LinkedHashMap<>();
        runs.forEach((id, e) -> out.put(id, e.bytes));
        return out;
    }

    /** Least recently used runs leave until the total fits; {@code keep} only when it alone is too large. */
    private void evict(String keep) {
        for (Iterator<Map.Entry<String, Entry>> it = runs.entrySet().iterator(); bytes > maxBytes && it.hasNext(); ) {
            Map.Entry<String, Entry> next = it.next();
            if (!next.getKey().equals(keep)) {
                bytes -= next.getValue().bytes;
                it.remove();
            }
        }
        if (bytes > maxBytes) {
            forget(keep);
        }
    }
}
