package dev.cairn.bootstrap.importlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.bootstrap.config.BootstrapConfig;
import dev.cairn.bootstrap.ledger.LedgerClient;
import dev.cairn.bootstrap.ledger.PipelineCheck;
import dev.cairn.bootstrap.ledger.VerdictWaiter;
import dev.cairn.bootstrap.messaging.EventCheck;
import dev.cairn.bootstrap.messaging.EventFactory;
import dev.cairn.bootstrap.messaging.StageEventPublisher;
import dev.cairn.bootstrap.metrics.BootstrapMetrics;
import dev.cairn.contracts.StageEvent;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.error.UnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports a seed-format completion log: each valid line becomes a {@code stage.completed} event with a content-derived
 * id (a re-import emits the same ids). Lines are read with a bounded reader; each event is checked as the ledger
 * checks it (contracts validator, declared stages) and a line the ledger would refuse is malformed. Events go out a
 * batch at a time, each batch acknowledged by Kafka and then given a verdict by the ledger before the next:
 * the answer counts what the ledger applied, found duplicate or refused.
 */
@ApplicationScoped
public class CompletionLogImporter {

    private final StageEventPublisher publisher;
    private final BootstrapConfig config;
    private final BootstrapMetrics metrics;
    private final ObjectMapper json;
    private final PipelineCheck pipelines;
    private final EventCheck check;
    private final VerdictWaiter ledger;

    CompletionLogImporter(
            StageEventPublisher publisher,
            BootstrapConfig config,
            BootstrapMetrics metrics,
            ObjectMapper json,
            PipelineCheck pipelines,
            EventCheck check,
            VerdictWaiter ledger) {
        this.publisher = publisher;
        this.config = config;
        this.metrics = metrics;
        this.json = json;
        this.pipelines = pipelines;
        this.check = check;
        this.ledger = ledger;
    }

    /** The counts of one import as it goes. */
    private static final class Tally {
        final List<ImportReport.LineError> errors = new ArrayList<>();
        final List<StageEvent> batch = new ArrayList<>();
        final List<Long> batchLines = new ArrayList<>();
        long lines;
        long blank;
        long malformed;
        long emitted;
        long applied;
        long duplicates;
        long refused;
    }

    /** Imports the log of {@code pipeline} (a valid name: the resource checks it). */
    public ImportReport importLog(String pipeline, InputStream body) {
        List<String> declared = pipelines.check(pipeline, "pipeline", List.of(), List.of());
        Instant since = ledgerNow();
        Tally t = new Tally();
        try {
            BoundedLines reader = new BoundedLines(body, config.importLog().maxLineBytes());
            BoundedLines.Line read;
            while ((read = reader.next()) != null) {
                t.lines++;
                Optional<String> problem = readLine(pipeline, declared, read, t);
                if (problem.isPresent()) {
                    error(t, t.lines, problem.get());
                }
                if (t.batch.size() >= config.emitBatchSize()) {
                    send(t, since);
                }
            }
        } catch (IOException e) {
            throw new InvalidRequestException(
                    "unreadable_body", "could not read the body: " + e.getMessage(), List.of());
        }
        send(t, since);
        return new ImportReport(
                pipeline,
                t.lines,
                t.blank,
                t.applied + t.duplicates,
                t.malformed,
                t.emitted,
                t.applied,
                t.duplicates,
                t.refused,
                List.copyOf(t.errors),
                t.malformed + t.refused > t.errors.size());
    }

    /** Adds the line's event to the batch, or says why the line is malformed. */
    private Optional<String> readLine(String pipeline, List<String> declared, BoundedLines.Line read, Tally t) {
        if (read.tooLong()) {
            return Optional.of("the line is longer than " + config.importLog().maxLineBytes() + " bytes");
        }
        if (read.text() == null) {
            return Optional.of("the line is not valid UTF-8");
        }
        if (read.text().isBlank()) {
            t.blank++;
            return Optional.empty();
        }
        CompletionLogLine.Parsed parsed = CompletionLogLine.parse(json, read.text());
        if (parsed instanceof CompletionLogLine.Malformed m) {
            return Optional.of(m.reason());
        }
        CompletionLogLine line = ((CompletionLogLine.Valid) parsed).line();
        StageEvent event = EventFactory.importEvent(
                pipeline, line.project(), line.configId(), line.stage(), line.timestamp(), line.runId());
        Optional<String> refusal = check.refusal(event, declared);
        if (refusal.isEmpty()) {
            t.batch.add(event);
            t.batchLines.add(t.lines);
        }
        return refusal;
    }

    private void error(Tally t, long line, String reason) {
        t.malformed++;
        if (t.errors.size() < config.importLog().maxReportedErrors()) {
            t.errors.add(new ImportReport.LineError(line, reason));
        }
    }

    private void send(Tally t, Instant since) {
        if (t.batch.isEmpty()) {
            return;
        }
        try {
            publisher.publish(t.batch, config.publishTimeout());
        } catch (StageEventPublisher.PublishFailed e) {
            throw new UnavailableException(
                    "kafka_unavailable",
                    e.getMessage() + "; " + t.emitted + " events were acknowledged before. "
                            + "Import the log again: its event ids are derived from the lines, so nothing is applied twice.");
        }
        t.emitted += t.batch.size();
        metrics.eventsEmitted(EventFactory.SOURCE_LOG, t.batch.size());
        Map<String, LedgerClient.Verdict> verdicts;
        try {
            verdicts = ledger.await(t.batch, since, ledger.deadline(), () -> false);
        } catch (VerdictWaiter.NoVerdict e) {
            throw new UnavailableException(
                    "ledger_unavailable",
                    t.emitted + " events were sent, but " + e.getMessage()
                            + ". Import the log again later: nothing is applied twice.");
        }
        for (int i = 0; i < t.batch.size(); i++) {
            LedgerClient.Verdict v = verdicts.get(t.batch.get(i).eventId());
            switch (v.status()) {
                case "applied" -> t.applied++;
                case "duplicate" -> t.duplicates++;
                default -> {
                    t.refused++;
                    if (t.errors.size() < config.importLog().maxReportedErrors()) {
                        t.errors.add(new ImportReport.LineError(
                                t.batchLines.get(i), "refused by the ledger (" + v.reason() + "): " + v.detail()));
                    }
                }
            }
        }
        t.batch.clear();
        t.batchLines.clear();
    }

    private Instant ledgerNow() {
        try {
            return ledger.ledgerNow(System.nanoTime(), () -> false);
        } catch (VerdictWaiter.NoVerdict e) {
            throw new UnavailableException("ledger_unavailable", e.getMessage());
        }
    }
}
