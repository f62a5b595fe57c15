package dev.cairn.bootstrap.importlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.bootstrap.config.BootstrapConfig;
import dev.cairn.bootstrap.messaging.EventFactory;
import dev.cairn.bootstrap.messaging.StageEventPublisher;
import dev.cairn.bootstrap.metrics.BootstrapMetrics;
import dev.cairn.contracts.StageEvent;
import dev.cairn.service.error.InvalidRequestException;
import dev.cairn.service.error.UnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports a seed-format completion log: each valid line becomes a {@code stage.completed} event with a content-derived
 * id (a re-import emits the same ids), sent a batch at a time and acknowledged by Kafka before the answer; malformed
 * lines are reported by number and skipped. Blank lines are ignored.
 */
@ApplicationScoped
public class CompletionLogImporter {

    private final StageEventPublisher publisher;
    private final BootstrapConfig config;
    private final BootstrapMetrics metrics;
    private final ObjectMapper json;

    CompletionLogImporter(
            StageEventPublisher publisher, BootstrapConfig config, BootstrapMetrics metrics, ObjectMapper json) {
        this.publisher = publisher;
        this.config = config;
        this.metrics = metrics;
        this.json = json;
    }

    /** Imports the log of {@code pipeline} (a valid name: the resource checks it). */
    public ImportReport importLog(String pipeline, InputStream body) {
        int maxErrors = config.importLog().maxReportedErrors();
        List<ImportReport.LineError> errors = new ArrayList<>();
        List<StageEvent> batch = new ArrayList<>();
        long lines = 0;
        long blank = 0;
        long malformed = 0;
        long sent = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String text;
            while ((text = reader.readLine()) != null) {
                lines++;
                if (text.isBlank()) {
                    blank++;
                    continue;
                }
                CompletionLogLine.Parsed parsed = text.getBytes(StandardCharsets.UTF_8).length
                                > config.importLog().maxLineBytes()
                        ? new CompletionLogLine.Malformed(
                                "the line is longer than " + config.importLog().maxLineBytes() + " bytes")
                        : CompletionLogLine.parse(json, text);
                if (parsed instanceof CompletionLogLine.Malformed m) {
                    malformed++;
                    if (errors.size() < maxErrors) {
                        errors.add(new ImportReport.LineError(lines, m.reason()));
                    }
                    continue;
                }
                CompletionLogLine line = ((CompletionLogLine.Valid) parsed).line();
                batch.add(EventFactory.importEvent(
                        pipeline, line.project(), line.configId(), line.stage(), line.timestamp(), line.runId()));
                if (batch.size() >= config.emitBatchSize()) {
                    sent += send(batch, sent);
                }
            }
        } catch (IOException e) {
            throw new InvalidRequestException(
                    "unreadable_body", "could not read the body: " + e.getMessage(), List.of());
        }
        sent += send(batch, sent);
        return new ImportReport(
                pipeline, lines, blank, sent, malformed, List.copyOf(errors), malformed > errors.size());
    }

    private int send(List<StageEvent> batch, long alreadySent) {
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            publisher.publish(batch, config.publishTimeout());
        } catch (StageEventPublisher.PublishFailed e) {
            throw new UnavailableException(
                    "kafka_unavailable",
                    e.getMessage() + "; " + alreadySent + " events were acknowledged before. "
                            + "Import the log again: its event ids are derived from the lines, so nothing is applied twice.");
        }
        int n = batch.size();
        metrics.eventsEmitted(EventFactory.SOURCE_LOG, n);
        batch.clear();
        return n;
    }
}
