package dev.cairn.ledger.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Problem;
import dev.cairn.contracts.StageEvent;
import dev.cairn.contracts.StageEventValidator;
import dev.cairn.ledger.domain.Run;
import dev.cairn.ledger.domain.RunStats;
import dev.cairn.ledger.service.LedgerService.Submission;
import dev.cairn.ledger.store.RunStore;
import dev.cairn.service.error.ConflictException;
import dev.cairn.service.error.UnprocessableException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/v1/runs/{id}/finish}: emits the project's {@code stage.completed} or {@code stage.failed} (run id
 * = the run, item counts as metrics) through the ledger's apply path, in the same transaction that marks the run
 * finished, so the event and the state commit together. Finishing again with the same status changes nothing.
 */
@ApplicationScoped
public class RunFinisher {

    private final StageEventValidator validator = new StageEventValidator();
    private final AgroalDataSource dataSource;
    private final RunStore runs;
    private final RunService runService;
    private final LedgerService ledger;

    RunFinisher(AgroalDataSource dataSource, RunStore runs, RunService runService, LedgerService ledger) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.runService = runService;
        this.ledger = ledger;
    }

    /** Finishes the run as {@code completed} or {@code failed} ({@code error}: the failure's sentence, optional). */
    public RunView finish(String runId, String status, String error) {
        if (!"completed".equals(status) && !"failed".equals(status)) {
            throw new UnprocessableException(
                    "invalid_request",
                    "status must be completed or failed",
                    List.of(new Problem("status", "must be completed or failed")));
        }
        if (error != null && error.indexOf('\0') >= 0) {
            throw new UnprocessableException(
                    "invalid_request", "error contains NUL", List.of(new Problem("error", "contains NUL")));
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return finishIn(c, runId, status, error);
            }
        });
    }

    private RunView finishIn(Connection c, String runId, String status, String error)
            throws SQLException, com.fasterxml.jackson.core.JsonProcessingException {
        Run run = runService.require(c, runId, true);
        if (!run.running()) {
            if (run.state().equals(status)) {
                return runService.view(c, runId);
            }
            throw new ConflictException("run_finished", "run '" + runId + "' already finished as " + run.state());
        }
        StageEvent event = event(run, runs.stats(c, runId), status, error, runs.now(c));
        try {
            ledger.applyIn(c, List.of(new Submission(event, "run:" + runId)), true);
        } catch (BatchRejectedException e) {
            Outcome o = e.outcomes().get(0);
            throw new UnprocessableException(o.reason().code(), o.detail(), List.of());
        }
        runs.finish(c, runId, status);
        return runService.view(c, runId);
    }

    private StageEvent event(Run run, RunStats stats, String status, String error, Instant now) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("schema", StageEvent.SCHEMA);
        String seed = run.runId() + "/" + run.generation() + "/finish";
        e.put("event_id", "run-" + UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)));
        e.put("type", "completed".equals(status) ? EventTypes.COMPLETED : EventTypes.FAILED);
        e.put("pipeline", run.pipeline());
        e.put("project", run.project());
        e.put("config_id", run.configId());
        e.put("stage", run.stage());
        e.put("run_id", run.runId());
        e.put("occurred_at", now.toString());
        e.put("started_at", run.started().toString());
        ObjectNode m = e.putObject("metrics");
        if (run.totalItems() != null) {
            m.put("items_total", run.totalItems());
        }
        m.put("items_processed", stats.processed());
        m.put("items_success", stats.success());
        m.put("items_errors", stats.errors());
        m.put("items_not_found", stats.notFound());
        m.put("items_skipped", stats.skipped());
        if ("failed".equals(status)) {
            e.put("error", error != null && !error.isBlank() ? error : stats.progress(run.totalItems()));
        }
        StageEventValidator.Result r = validator.validate(e);
        if (!r.valid()) {
            throw new UnprocessableException(
                    r.reason().code(), "the run's stage event is invalid: " + r.detail(), r.problems());
        }
        return r.event();
    }
}
