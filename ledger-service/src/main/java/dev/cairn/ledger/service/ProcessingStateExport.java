package dev.cairn.ledger.service;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.cairn.contracts.Json;
import dev.cairn.ledger.domain.ItemLine;
import dev.cairn.ledger.domain.Run;
import dev.cairn.ledger.domain.RunStats;
import dev.cairn.ledger.store.RunItemStore;
import dev.cairn.ledger.store.RunStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes a run as the document's {@code processing_state.json} ({@code version, source_path, started, last_updated,
 * processed_jsons, unprocessed_files, stats}), streamed from a cursor in one read transaction, for tools that read
 * that file. Times are written like Python's {@code datetime.isoformat()} of a naive date-time, in UTC.
 */
@ApplicationScoped
public class ProcessingStateExport {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private final AgroalDataSource dataSource;
    private final RunStore runs;
    private final RunItemStore items;
    private final RunService runService;

    ProcessingStateExport(AgroalDataSource dataSource, RunStore runs, RunItemStore items, RunService runService) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.items = items;
        this.runService = runService;
    }

    /** Writes the state file of run {@code runId} to {@code out}. */
    public void write(String runId, OutputStream out) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection();
                    JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("set transaction isolation level repeatable read, read only");
                }
                Run run = runService.require(c, runId, false);
                RunStats stats = runs.stats(c, runId);
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeNumberField("version", 1);
                g.writeStringField(
                        "source_path", run.fingerprint().path("source").textValue());
                g.writeStringField("started", time(run.started()));
                g.writeStringField("last_updated", time(run.lastUpdated()));
                g.writeObjectFieldStart("processed_jsons");
                items.each(c, runId, line -> entry(g, line));
                g.writeEndObject();
                g.writeArrayFieldStart("unprocessed_files");
                for (String f : run.unprocessedFiles()) {
                    g.writeString(f);
                }
                g.writeEndArray();
                g.writeObjectFieldStart("stats");
                g.writeNumberField("total_jsons", run.totalItems() == null ? 0 : run.totalItems());
                g.writeNumberField("processed", stats.processed());
                g.writeNumberField("errors", stats.errors());
                g.writeNumberField("skipped", stats.skipped());
                g.writeEndObject();
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void entry(JsonGenerator g, ItemLine line) throws IOException {
        g.writeObjectFieldStart(line.item());
        g.writeStringField("status", line.status());
        if (line.output() != null) {
            g.writeStringField("output_file", line.output());
        }
        if (line.error() != null) {
            g.writeStringField("error", line.error());
        }
        g.writeStringField("timestamp", time(line.at()));
        g.writeEndObject();
    }

    /** {@code 2024-01-15T10:31:00}, or with microseconds when there are any (Python's {@code isoformat()}). */
    static String time(Instant at) {
        LocalDateTime t = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
        return (t.getNano() == 0 ? SECONDS : MICROS).format(t);
    }
}
