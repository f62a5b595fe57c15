package dev.cairn.ledger.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.cairn.ledger.domain.ItemLine;
import dev.cairn.ledger.domain.Run;
import dev.cairn.ledger.store.RunItemStore;
import dev.cairn.ledger.store.RunStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final AgroalDataSource dataSource;
    private final RunStore runs;
    private final RunItemStore items;
    private final RunService runService;
    private final OutputVerifier verifier;

    RunItemService(
            AgroalDataSource dataSource,
            RunStore runs,
            RunItemStore items,
            RunService runService,
            OutputVerifier verifier) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.items = items;
        this.runService = runService;
        this.verifier = verifier;
    }

    /** Records {@code lines} of run {@code runId} ({@code 404} when the run does not exist), in one transaction. */
    public Recorded record(String runId, List<ItemLine> lines) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return recordIn(c, runId, lines);
            }
        });
    }

    private Recorded recordIn(Connection c, String runId, List<ItemLine> lines) throws SQLException {
        Run run = runService.require(c, runId, false);
        int changed = items.upsert(c, runId, run.forced(), latestPerItem(lines, run.forced()));
        runs.touch(c, runId);
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
        return new ArrayList<>(latest.values());
    }

    /**
     * The candidates that are not {@code success} yet, in input order. {@code retryErrors=false} also leaves out the
     * items in {@code error}; {@code verifyOutputs} HEADs every {@code s3://} output of a successful candidate and
     * counts a missing one as remaining.
     */
    public List<String> remaining(String runId, List<String> candidates, boolean retryErrors, boolean verifyOutputs)
            throws SQLException {
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
        return remaining;
    }
}
