package dev.cairn.bootstrap.service;

import dev.cairn.bootstrap.config.BootstrapConfig;
import dev.cairn.bootstrap.messaging.StageEventPublisher;
import dev.cairn.contracts.Names;
import dev.cairn.contracts.StageEvent;
import dev.cairn.service.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
    private final Counter imported;

    CompletionLogImporter(StageEventPublisher publisher, BootstrapConfig config, MeterRegistry registry) {
        this.publisher = publisher;
        this.config = config;
        this.imported = Counter.builder("cairn.bootstrap.events.emitted")
                .description("Stage events acknowledged by Kafka")
                .tag("source", EventFactory.SOURCE_LOG)
                .register(registry);
    }

    public ImportReport importLog(String pipeline, InputStream body) {
        Names.problem(pipeline).ifPresent(p -> {
            throw new ApiException(
                    400, "bad_request", "pipeline " + p, List.of(new dev.cairn.contracts.Problem("pipeline", p)));
        });
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
                        : CompletionLogLine.parse(text);
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
            throw new ApiException(400, "unreadable_body", "could not read the body: " + e.getMessage());
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
            throw new ApiException(
                    503,
                    "kafka_unavailable",
                    e.getMessage() + "; " + alreadySent + " events were acknowledged before. "
                            + "Import the log again: its event ids are derived from the lines, so nothing is applied twice.");
        }
        int n = batch.size();
        imported.increment(n);
        batch.clear();
        return n;
    }
}
