package dev.cairn.planner.store;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;
import org.jboss.logging.Logger;

/**
 * The in-memory view of {@code cairn.completions}: the newest state of every {@code (pipeline, project, config_id)}.
 * One thread writes (the topic reader, a batch at a time under the write lock); requests read under the read lock.
 * Pipeline, config_id, stage and run-id strings are shared; projects sit in packed {@link ProjectTable}s.
 */
@Singleton
public class CompletionView {

    private static final Logger LOG = Logger.getLogger(CompletionView.class);

    /**
     * What applying a batch did: {@code refused} counts records that would take their pipeline past
     * {@link dev.cairn.contracts.Pipelines#MAX_STAGES} stage names (logged, and nothing of them applied).
     */
    public record Applied(int applied, int stale, int removed, int refused) {}

    private enum Outcome {
        APPLIED,
        STALE,
        REFUSED
    }

    private static final class Pipeline {
        final PipelineStages stages;
        final Map<String, ProjectTable> configs = new HashMap<>();

        Pipeline(PipelineStages stages) {
            this.stages = stages;
        }
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Pipeline> pipelines = new HashMap<>();
    private final RunIdInterner runIds = new RunIdInterner(RunIdInterner.DEFAULT_CAPACITY);
    private final List<Consumer<List<ViewUpdate>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Instant asOf;
    private volatile long generation;
    private volatile int keys;

    /** Applies a batch in order: a state replaces an older {@code version} of its key; a tombstone deletes the key. */
    public Applied apply(List<ViewUpdate> updates) {
        int applied = 0;
        int stale = 0;
        int removed = 0;
        int refused = 0;
        List<ViewUpdate> changed = listeners.isEmpty() ? null : new ArrayList<>(updates.size());
        lock.writeLock().lock();
        try {
            for (ViewUpdate u : updates) {
                boolean change;
                if (u.state() == null) {
                    change = remove(u);
                    removed += change ? 1 : 0;
                } else {
                    Outcome o = upsert(u);
                    change = o == Outcome.APPLIED;
                    applied += change ? 1 : 0;
                    stale += o == Outcome.STALE ? 1 : 0;
                    refused += o == Outcome.REFUSED ? 1 : 0;
                }
                if (change && changed != null) {
                    changed.add(u);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (applied + removed > 0) {
            generation++;
        }
        if (changed != null && !changed.isEmpty()) {
            listeners.forEach(l -> l.accept(changed));
        }
        return new Applied(applied, stale, removed, refused);
    }

    /**
     * Calls {@code listener} after each applied batch with the updates that changed the view (in order, outside the
     * lock, on the reader's thread: it must be quick).
     */
    public void onChange(Consumer<List<ViewUpdate>> listener) {
        listeners.add(listener);
    }

    /** The pipelines the view knows, with their declared stages and config_ids, as of now. */
    public Map<String, PipelineSummary> pipelines() {
        lock.readLock().lock();
        try {
            Map<String, PipelineSummary> out = new java.util.TreeMap<>();
            pipelines.forEach((name, p) -> out.put(
                    name, new PipelineSummary(p.stages.declared(), new java.util.TreeSet<>(p.configs.keySet()))));
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A pipeline as {@link #pipelines()} lists it. */
    public record PipelineSummary(List<String> stages, java.util.SortedSet<String> configIds) {}

    /** Runs {@code reader} under the read lock with the given pipeline and config_id (both possibly unknown). */
    public <T> T read(String pipeline, String configId, Function<PipelineRead, T> reader) {
        lock.readLock().lock();
        try {
            Pipeline p = pipelines.get(pipeline);
            return reader.apply(
                    p == null ? new PipelineRead(null, null) : new PipelineRead(p.stages, p.configs.get(configId)));
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Copies the projects of {@code pipeline} (of one config_id, or of all when {@code configId} is null) whose
     * level rank passes {@code rankFilter} (-1 = nothing complete). Null when the pipeline is unknown.
     */
    public ViewRows rows(String pipeline, String configId, IntPredicate rankFilter) {
        lock.readLock().lock();
        try {
            Pipeline p = pipelines.get(pipeline);
            if (p == null) {
                return null;
            }
            ViewRows rows = new ViewRows(p.stages.namesById(), p.stages.ranksById());
            for (Map.Entry<String, ProjectTable> config : p.configs.entrySet()) {
                if (configId != null && !configId.equals(config.getKey())) {
                    continue;
                }
                ProjectTable table = config.getValue();
                for (int e = 0, n = table.size(); e < n; e++) {
                    int code = table.levelCode(e);
                    if (rankFilter.test(code == 0 ? -1 : p.stages.rank(code - 1))) {
                        rows.add(config.getKey(), table, e);
                    }
                }
            }
            return rows;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Copies the named projects of one config_id that the view holds (absent ones are left out). */
    public ViewRows rowsOf(String pipeline, String configId, java.util.Collection<String> projects) {
        lock.readLock().lock();
        try {
            Pipeline p = pipelines.get(pipeline);
            ProjectTable table = p == null ? null : p.configs.get(configId);
            if (table == null) {
                return emptyRows();
            }
            ViewRows rows = new ViewRows(p.stages.namesById(), p.stages.ranksById());
            for (String project : projects) {
                int e = table.find(project);
                if (e >= 0) {
                    rows.add(configId, table, e);
                }
            }
            return rows;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Up to {@code max} project names of one config_id, spread evenly over its table (the plan warm-up's sample); empty
     * when the pipeline or config_id is unknown.
     */
    public List<String> sampleNames(String pipeline, String configId, int max) {
        lock.readLock().lock();
        try {
            Pipeline p = pipelines.get(pipeline);
            ProjectTable table = p == null ? null : p.configs.get(configId);
            if (table == null || table.size() == 0 || max <= 0) {
                return List.of();
            }
            int n = table.size();
            int step = Math.max(1, n / max);
            List<String> names = new ArrayList<>(Math.min(n, max));
            for (int e = 0; e < n && names.size() < max; e += step) {
                names.add(table.name(e));
            }
            return names;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Rows of nothing (the answer for an unknown pipeline). */
    public static ViewRows emptyRows() {
        return new ViewRows(new String[0], new int[0]);
    }

    /**
     * A copy of the whole view as it is now (a snapshot's content): the tables' arrays are copied under the read lock
     * (a memory copy, milliseconds for 100,000s of keys; the copy costs as much memory as the tables for as long as it
     * is kept) and written elsewhere without holding it.
     */
    public ViewImage image() {
        lock.readLock().lock();
        try {
            Map<String, ViewImage.PipelineImage> copy = new HashMap<>();
            pipelines.forEach((name, p) -> {
                Map<String, ProjectTable> configs = new HashMap<>();
                p.configs.forEach((configId, table) -> configs.put(configId, ProjectTableFormat.copy(table)));
                copy.put(name, new ViewImage.PipelineImage(p.stages.copy(), configs));
            });
            return new ViewImage(copy, asOf, keys);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Takes {@code image} as the view's content: only into an empty view (at start, before the topic is read), and
     * the image's tables become the view's own.
     *
     * @throws IllegalStateException when the view already holds keys
     */
    public void restore(ViewImage image) {
        lock.writeLock().lock();
        try {
            if (!pipelines.isEmpty()) {
                throw new IllegalStateException("a view image restores into an empty view only");
            }
            image.pipelines.forEach((name, p) -> {
                Pipeline pipeline = new Pipeline(p.stages());
                pipeline.configs.putAll(p.configs());
                pipelines.put(name, pipeline);
            });
            keys = image.keys;
            asOf = image.asOf;
        } finally {
            lock.writeLock().unlock();
        }
        generation++;
    }

    /** Grows whenever a batch changed the view: answers computed at one generation may be reused until it moves. */
    public long generation() {
        return generation;
    }

    /** The newest {@code recorded_at} applied, or null before the first record. */
    public Instant asOf() {
        return asOf;
    }

    /** Number of keys in the view. */
    public int keys() {
        return keys;
    }

    /** Bytes held by the view's tables (an estimate for the metrics: arrays only, shared strings excluded). */
    public long footprintBytes() {
        lock.readLock().lock();
        try {
            return pipelines.values().stream()
                    .flatMap(p -> p.configs.values().stream())
                    .mapToLong(ProjectTable::footprintBytes)
                    .sum();
        } finally {
            lock.readLock().unlock();
        }
    }

    private Outcome upsert(ViewUpdate u) {
        ViewState s = u.state();
        Pipeline existing = pipelines.get(u.pipeline());
        boolean fits = existing == null ? new PipelineStages().fits(s) : existing.stages.fits(s);
        if (!fits) {
            LOG.errorf(
                    "refused the record of %s/%s/%s (version %d): it would give pipeline %s more than %d stage names"
                            + " (declared: %d), the limit of a pipeline declaration; nothing of it applied",
                    u.pipeline(),
                    u.project(),
                    u.configId(),
                    s.version(),
                    u.pipeline(),
                    PipelineStages.MAX_STAGE_IDS,
                    s.stages().size());
            return Outcome.REFUSED;
        }
        Pipeline p = existing == null
                ? pipelines.computeIfAbsent(u.pipeline(), k -> new Pipeline(new PipelineStages()))
                : existing;
        p.stages.declare(s.stages(), s.recordedSecond(), s.recordedNano());
        int levelCode = s.level() == null ? 0 : p.stages.idOf(s.level()) + 1;
        ProjectTable table = p.configs.get(u.configId());
        if (table == null) {
            table = new ProjectTable();
            p.configs.put(u.configId(), table);
        }
        int before = table.size();
        int e = table.findOrAdd(u.project());
        keys += table.size() - before;
        if (table.version(e) >= s.version()) {
            return Outcome.STALE;
        }
        String run = runIds.intern(s.runId());
        table.set(e, s.version(), levelCode, s.completedSecond(), s.completedNano(), run);
        setMarks(p.stages, table, e, s);
        Instant current = asOf;
        if (current == null
                || s.recordedSecond() > current.getEpochSecond()
                || (s.recordedSecond() == current.getEpochSecond() && s.recordedNano() > current.getNano())) {
            asOf = s.recordedAt();
        }
        return Outcome.APPLIED;
    }

    private static void setMarks(PipelineStages stages, ProjectTable table, int e, ViewState s) {
        StageMarks marks = s.marks() == null ? StageMarks.EMPTY : s.marks();
        long bits = 0;
        long[] times = new long[0];
        for (int i = 0; i < marks.stages().size(); i++) {
            int id = stages.idOf(marks.stages().get(i));
            if (id < 0 || id >= 32) {
                continue;
            }
            bits |= (long) (marks.status()[i] & 3) << (2 * id);
            if (marks.completedMillis()[i] != StageMarks.NO_TIME) {
                if (times.length <= id) {
                    int old = times.length;
                    times = java.util.Arrays.copyOf(times, id + 1);
                    java.util.Arrays.fill(times, old, id + 1, StageMarks.NO_TIME);
                }
                times[id] = marks.completedMillis()[i];
            }
        }
        table.setMarks(e, bits, s.recordedAt().toEpochMilli(), times);
    }

    private boolean remove(ViewUpdate u) {
        Pipeline p = pipelines.get(u.pipeline());
        ProjectTable table = p == null ? null : p.configs.get(u.configId());
        if (table == null || !table.remove(u.project())) {
            return false;
        }
        keys--;
        return true;
    }
}
