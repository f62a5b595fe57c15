package dev.cairn.ledger.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.domain.ItemLine;
import dev.cairn.ledger.domain.ItemStatus;
import dev.cairn.ledger.domain.Run;
import dev.cairn.ledger.domain.RunStats;
import dev.cairn.ledger.store.RunItemStore;
import dev.cairn.ledger.store.RunStore;
import dev.cairn.service.error.NotFoundException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Records item statuses of a run (HTTP NDJSON and {@code cairn.item-events} come through {@link #record}) and answers
 * which candidates remain. One batch is one transaction: its statuses and the run's {@code last_updated} commit
 * together.
 */
@ApplicationScoped
public class RunItemService {

    /** The answer of a batch: lines per status, rows changed, lines that changed nothing, and the run's progress. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recorded(int lines, Map<String, Integer> counts, int changed, int unchanged, String progress) {}

    /** The remaining candidates, and where the statuses came from ({@code index}, {@code index-built}, {@code database}). */
    public record Remaining(List<String> names, String from) {}

    static final String INDEX = "index";
    static final String INDEX_BUILT = "index-built";
    static final String DATABASE = "database";

    private static final class Answer {
        String from = DATABASE;
    }

    private final AgroalDataSource dataSource;
    private final RunStore runs;
    private final RunItemStore items;
    private final RunService runService;
    private final OutputVerifier verifier;
    private final RunItemIndex index;
    private final int buildFrom;
    private final Object building = new Object(); // one build at a time: each reads a whole run into memory

    RunItemService(
            AgroalDataSource dataSource,
            RunStore runs,
            RunItemStore items,
            RunService runService,
            OutputVerifier verifier,
            RunItemIndex index,
            LedgerConfig config) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.items = items;
        this.runService = runService;
        this.verifier = verifier;
        this.index = index;
        this.buildFrom = config.runs().index().buildFrom();
    }

    /**
     * Records {@code lines} of run {@code runId} ({@code 404} when the run does not exist), in one transaction; then,
     * when the index holds the run, hands it the rows the transaction changed and the version move they made.
     */
    public Recorded record(String runId, List<ItemLine> lines) {
        List<ItemStatus> changes = index.holds(runId) ? new ArrayList<>() : null;
        RunStore.ItemsVersion[] moved = new RunStore.ItemsVersion[1];
        Recorded recorded = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return recordIn(c, runId, lines, changes, moved);
            }
        });
        if (changes != null && moved[0].ours()) {
            index.committed(runId, moved[0].from(), moved[0].version(), changes);
        }
        return recorded;
    }

    private Recorded recordIn(
            Connection c, String runId, List<ItemLine> lines, List<ItemStatus> changes, RunStore.ItemsVersion[] moved)
            throws SQLException {
        if (changes != null) {
            changes.clear(); // a retried transaction starts over
        }
        Run run = runService.require(c, runId, false);
        int changed = items.upsert(c, runId, run.forced(), latestPerItem(lines, run.forced()), changes);
        moved[0] = runs.touch(c, runId);
        Map<String, Integer> counts = new TreeMap<>();
        lines.forEach(l -> counts.merge(l.status(), 1, Integer::sum));
        String progress = runs.stats(c, runId).progress(run.totalItems());
        return new Recorded(lines.size(), counts, changed, lines.size() - changed, progress);
    }

    /**
     * One line per item, by the same rule as the store's upsert (a later line wins, except that an error never
     * replaces a success unless the run is forced): a multi-row upsert may touch each row only once.
     */
    static List<ItemLine> latestPerItem(List<ItemLine> lines, boolean forced) {
        Map<String, ItemLine> latest = new LinkedHashMap<>(lines.size() * 2);
        for (ItemLine l : lines) {
            latest.merge(
                    l.item(),
                    l,
                    (was, now) ->
                            forced || !"success".equals(was.status()) || "success".equals(now.status()) ? now : was);
        }
        List<ItemLine> out = new ArrayList<>(latest.values());
        // one order for every batch: the upsert locks its rows in this order, so two batches sharing items cannot
        // each hold a row the other waits for (a deadlock, 40P01)
        out.sort(Comparator.comparing(ItemLine::item));
        return out;
    }

    /**
     * The candidates that are not {@code success} yet, in input order. {@code retryErrors=false} also leaves out the
     * items in {@code error}; {@code verifyOutputs} HEADs every {@code s3://} output of a successful candidate and
     * counts a missing one as remaining.
     *
     * <p>Without {@code verifyOutputs}, the answer comes from {@link RunItemIndex} when it holds the run at the
     * version the database has now (one row read); on a miss, a request of at least
     * {@code cairn.ledger.runs.index.build-from} candidates reads the run into the index first (its statuses and
     * version from one snapshot), a smaller one probes the database for its candidates.
     */
    public Remaining remaining(String runId, List<String> candidates, boolean retryErrors, boolean verifyOutputs)
            throws SQLException {
        if (!verifyOutputs && index.maxBytes() > 0) {
            Answer answer = new Answer();
            byte[] statuses = fromIndex(runId, candidates, answer);
            if (statuses != null) {
                List<String> remaining = new ArrayList<>();
                for (int i = 0; i < statuses.length; i++) {
                    byte s = statuses[i];
                    if (s != ItemStatusTable.SUCCESS && (retryErrors || s != ItemStatusTable.ERROR)) {
                        remaining.add(candidates.get(i));
                    }
                }
                return new Remaining(remaining, answer.from);
            }
        }
        List<RunItemStore.Known> known = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                runService.require(c, runId, false);
                return items.candidates(c, runId, candidates, verifyOutputs);
            }
        });
        List<String> toVerify = new ArrayList<>();
        for (RunItemStore.Known k : known) {
            if ("success".equals(k.status())) {
                toVerify.add(k.output());
            }
        }
        java.util.Set<String> missing = verifyOutputs ? verifier.missing(toVerify) : java.util.Set.of();
        List<String> remaining = new ArrayList<>(known.size());
        for (RunItemStore.Known k : known) {
            boolean remains = k.status() == null
                    || ("success".equals(k.status())
                            ? missing.contains(k.output())
                            : retryErrors || !"error".equals(k.status()));
            if (remains) {
                remaining.add(candidates.get(k.index()));
            }
        }
        return new Remaining(remaining, DATABASE);
    }

    /** The candidates' statuses from the index at the database's current version (read or built), else null. */
    private byte[] fromIndex(String runId, List<String> candidates, Answer answer) {
        long version = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return runs.itemsVersion(c, runId).orElseThrow(() -> new NotFoundException("no run '" + runId + "'"));
            }
        });
        byte[] statuses = index.statuses(runId, version, candidates);
        if (statuses != null) {
            answer.from = INDEX;
            return statuses;
        }
        if (candidates.size() < buildFrom) {
            return null;
        }
        synchronized (building) {
            statuses = index.statuses(runId, version, candidates); // built meanwhile by another request
            if (statuses != null) {
                answer.from = INDEX;
                return statuses;
            }
            answer.from = INDEX_BUILT;
            Built built = build(runId);
            if (built == null) {
                return null;
            }
            index.install(runId, built.version(), built.table());
            byte[] out = new byte[candidates.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = built.table().get(candidates.get(i));
            }
            return out;
        }
    }

    private record Built(long version, ItemStatusTable table) {}

    /** The run's statuses and version from one statement; null when they outgrow the index's bound. */
    private Built build(String runId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                RunStats stats = runs.stats(c, runId);
                long max = index.maxBytes();
                if (stats.processed() * ItemStatusTable.MIN_BYTES_PER_ITEM > max) {
                    return null;
                }
                ItemStatusTable table = new ItemStatusTable((int) stats.processed());
                boolean[] tooLarge = {false};
                OptionalLong version = items.statuses(c, runId, (name, status) -> {
                    if (!tooLarge[0]) {
                        table.put(name, 0, name.length, status);
                        tooLarge[0] = (table.size() & 0x3FFF) == 0 && table.bytes() > max;
                    }
                });
                if (version.isEmpty()) {
                    throw new NotFoundException("no run '" + runId + "'");
                }
                return tooLarge[0] || table.bytes() > max ? null : new Built(version.getAsLong(), table);
            }
        });
    }
}
