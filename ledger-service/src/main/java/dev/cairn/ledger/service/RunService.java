package dev.cairn.ledger.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Names;
import dev.cairn.contracts.Problem;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.domain.Run;
import dev.cairn.ledger.store.PipelineStore;
import dev.cairn.ledger.store.RunItemStore;
import dev.cairn.ledger.store.RunStore;
import dev.cairn.service.error.ConflictException;
import dev.cairn.service.error.NotFoundException;
import dev.cairn.service.error.UnprocessableException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts runs by the document's behaviour matrix (new, {@code resume}, {@code run_id}, {@code force},
 * {@code resume + force}) and shows them. Starts of one (pipeline, project, config, stage) are serialised by an
 * advisory lock, so that two resumes at once find the same run.
 */
@ApplicationScoped
public class RunService {

    /** The answer of a start: the run, whether it was created or resumed, and what was cleared. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Started(String runId, boolean created, boolean resumed, long cleared, String message, RunView run) {}

    private final AgroalDataSource dataSource;
    private final RunStore runs;
    private final RunItemStore items;
    private final PipelineStore pipelines;
    private final LedgerConfig config;
    private final RunItemIndex index;

    RunService(
            AgroalDataSource dataSource,
            RunStore runs,
            RunItemStore items,
            PipelineStore pipelines,
            LedgerConfig config,
            RunItemIndex index) {
        this.index = index;
        this.dataSource = dataSource;
        this.runs = runs;
        this.items = items;
        this.pipelines = pipelines;
        this.config = config;
    }

    public Started start(RunRequest req) {
        String configId = req.configId() == null ? Names.DEFAULT_CONFIG_ID : req.configId();
        Fingerprints.Checked fp = Fingerprints.normalize(req.fingerprint());
        List<Problem> problems = new ArrayList<>(fp.problems());
        name(problems, "pipeline", req.pipeline());
        name(problems, "project", req.project());
        name(problems, "config_id", configId);
        name(problems, "stage", req.stage());
        if (req.runId() != null) {
            name(problems, "run_id", req.runId());
        }
        if (req.totalItems() != null && req.totalItems() < 0) {
            problems.add(new Problem("total_items", "must be 0 or more"));
        }
        if (!problems.isEmpty()) {
            throw new UnprocessableException("invalid_run", "the run is invalid: " + problems.get(0), problems);
        }
        long[] createdAt = {-1}; // the items version of a run created here
        Started started = QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                createdAt[0] = -1;
                return startIn(c, req, configId, fp.fingerprint(), createdAt);
            }
        });
        if (started.created() && createdAt[0] >= 0) {
            index.created(started.runId(), createdAt[0]);
        } else if (req.forcing()) {
            index.forget(started.runId());
        }
        return started;
    }

    private Started startIn(Connection c, RunRequest req, String configId, ObjectNode fingerprint, long[] createdAt)
            throws SQLException {
        requireDeclared(c, req.pipeline(), req.stage());
        runs.lockKey(c, req.pipeline(), req.project(), configId, req.stage());
        Optional<Run> existing = req.runId() != null
                ? runs.find(c, req.runId(), true)
                : req.resuming()
                        ? runs.latestRunning(c, req.pipeline(), req.project(), configId, req.stage())
                        : Optional.empty();
        if (existing.isEmpty()) {
            String runId = req.runId() != null ? req.runId() : "run-" + UUID.randomUUID();
            runs.insert(
                    c,
                    new Run(
                            runId,
                            req.pipeline(),
                            req.project(),
                            configId,
                            req.stage(),
                            fingerprint,
                            req.totalItems(),
                            req.forcing(),
                            "running",
                            1,
                            List.of(),
                            null,
                            null,
                            null));
            createdAt[0] = runs.itemsVersion(c, runId).orElseThrow();
            String message = req.resuming() ? "No unfinished run found. Starting fresh." : "Starting a new run.";
            return new Started(runId, true, false, 0, message, view(c, runId));
        }
        Run run = existing.get();
        if (!run.pipeline().equals(req.pipeline())
                || !run.project().equals(req.project())
                || !run.configId().equals(configId)
                || !run.stage().equals(req.stage())) {
            throw new ConflictException(
                    "run_mismatch",
                    "run '" + run.runId() + "' belongs to "
                            + String.join("/", run.pipeline(), run.project(), run.configId(), run.stage()));
        }
        if (req.forcing()) {
            long cleared = items.clearToHistory(c, run.runId(), run.generation());
            runs.restart(c, run.runId(), fingerprint, req.totalItems());
            return new Started(
                    run.runId(),
                    false,
                    true,
                    cleared,
                    "Reprocessing everything: " + cleared + " earlier item statuses cleared (kept in the history).",
                    view(c, run.runId()));
        }
        List<Problem> differences = Fingerprints.differences(run.fingerprint(), fingerprint);
        if (!differences.isEmpty()) {
            throw new ConflictException(
                    "fingerprint_changed",
                    "the source or options changed since run '" + run.runId() + "' started (" + differences.size()
                            + " difference(s)): pass force to continue",
                    differences);
        }
        runs.resumed(c, run.runId(), req.totalItems());
        RunView view = view(c, run.runId());
        return new Started(
                run.runId(), false, true, 0, "Resuming: skipping " + view.success() + " already-processed items", view);
    }

    /** The run with its stats, progress and stale flag. */
    public RunView view(String runId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return view(c, runId);
        }
    }

    /** The run with its stats, or empty when no run of that id was started here. */
    public Optional<RunView> find(String runId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return runs.find(c, runId, false).isPresent() ? Optional.of(view(c, runId)) : Optional.empty();
        }
    }

    RunView view(Connection c, String runId) throws SQLException {
        Run run = require(c, runId, false);
        return RunView.of(run, runs.stats(c, runId), runs.now(c), config.runs().staleAfter());
    }

    /** The run, or {@code 404}. */
    Run require(Connection c, String runId, boolean lock) throws SQLException {
        return runs.find(c, runId, lock).orElseThrow(() -> new NotFoundException("no run '" + runId + "'"));
    }

    /** Refuses a pipeline or stage that is not declared (a run's finish emits a stage event of them). */
    void requireDeclared(Connection c, String pipeline, String stage) throws SQLException {
        List<String> stages = pipelines.all(c).get(pipeline);
        if (stages == null) {
            throw new UnprocessableException(
                    "unknown_pipeline",
                    "pipeline '" + pipeline + "' is not declared; declare it with PUT /api/v1/pipelines/" + pipeline,
                    List.of(new Problem("pipeline", "is not declared")));
        }
        if (!stages.contains(stage)) {
            throw new UnprocessableException(
                    "unknown_stage",
                    "stage '" + stage + "' is not declared for pipeline '" + pipeline + "' (stages: "
                            + String.join(", ", stages) + ")",
                    List.of(new Problem("stage", "is not declared")));
        }
    }

    static void name(List<Problem> problems, String field, String value) {
        Names.problem(value).ifPresent(p -> problems.add(new Problem(field, p)));
    }
}
