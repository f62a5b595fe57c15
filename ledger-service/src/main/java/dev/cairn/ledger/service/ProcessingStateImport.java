package dev.cairn.ledger.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Names;
import dev.cairn.contracts.Problem;
import dev.cairn.ledger.domain.ItemLine;
import dev.cairn.ledger.domain.Run;
import dev.cairn.ledger.store.RunItemStore;
import dev.cairn.ledger.store.RunStore;
import dev.cairn.service.error.ConflictException;
import dev.cairn.service.error.UnprocessableException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/v1/runs/import}: seeds a new run from a tool's existing {@code processing_state.json}. Each
 * malformed entry is reported by its JSON path and left out; the rest is imported in one transaction.
 */
@ApplicationScoped
public class ProcessingStateImport {

    private static final int CHUNK = 10_000;

    /** Where the imported run goes: its key and, optionally, its id. */
    public record Target(String pipeline, String project, String configId, String stage, String runId) {}

    /** The answer: the new run, how many items were imported, and the entries left out. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Imported(String runId, int imported, List<Problem> problems, RunView run) {}

    private final AgroalDataSource dataSource;
    private final RunStore runs;
    private final RunItemStore items;
    private final RunService runService;

    ProcessingStateImport(AgroalDataSource dataSource, RunStore runs, RunItemStore items, RunService runService) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.items = items;
        this.runService = runService;
    }

    public Imported importState(Target target, JsonNode doc) {
        String configId = target.configId() == null ? Names.DEFAULT_CONFIG_ID : target.configId();
        List<Problem> invalid = new ArrayList<>();
        RunService.name(invalid, "pipeline", target.pipeline());
        RunService.name(invalid, "project", target.project());
        RunService.name(invalid, "config_id", configId);
        RunService.name(invalid, "stage", target.stage());
        if (target.runId() != null) {
            RunService.name(invalid, "run_id", target.runId());
        }
        if (doc == null || !doc.isObject()) {
            invalid.add(new Problem("$", "is not a JSON object"));
        } else if (doc.has("version")
                && !doc.get("version").equals(Json.mapper().getNodeFactory().numberNode(1))) {
            invalid.add(new Problem("$.version", "only version 1 is known (got " + doc.get("version") + ")"));
        }
        if (!invalid.isEmpty()) {
            throw new UnprocessableException("invalid_state_file", "cannot import: " + invalid.get(0), invalid);
        }
        List<Problem> problems = new ArrayList<>();
        List<ItemLine> lines = entries(doc.get("processed_jsons"), problems);
        List<String> unprocessed = strings(doc.get("unprocessed_files"), problems);
        Instant started = time(doc, "started", problems);
        Instant updated = time(doc, "last_updated", problems);
        JsonNode total = doc.path("stats").path("total_jsons");
        Long totalItems = null;
        if (total.canConvertToLong() && total.isIntegralNumber() && total.longValue() >= 0) {
            totalItems = total.longValue();
        } else if (!total.isMissingNode()) {
            problems.add(new Problem("$.stats.total_jsons", "is not a whole number of 0 or more"));
        }
        ObjectNode fingerprint = Json.mapper().createObjectNode();
        JsonNode source = doc.get("source_path");
        if (source != null && !source.isNull() && !source.isTextual()) {
            problems.add(new Problem("$.source_path", "is not a string"));
            source = null;
        }
        fingerprint.set("source", source == null ? Json.mapper().nullNode() : source);
        fingerprint.putObject("options");
        String runId = target.runId() != null ? target.runId() : "run-" + UUID.randomUUID();
        Run run = new Run(
                runId,
                target.pipeline(),
                target.project(),
                configId,
                target.stage(),
                fingerprint,
                totalItems,
                false,
                "running",
                1,
                unprocessed,
                started,
                updated,
                null);
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return store(c, run, lines, problems);
            }
        });
    }

    private Imported store(Connection c, Run run, List<ItemLine> lines, List<Problem> problems) throws SQLException {
        runService.requireDeclared(c, run.pipeline(), run.stage());
        if (runs.find(c, run.runId(), false).isPresent()) {
            throw new ConflictException("run_exists", "run '" + run.runId() + "' exists already");
        }
        runs.insert(c, run);
        Instant now = runs.now(c);
        for (int from = 0; from < lines.size(); from += CHUNK) {
            List<ItemLine> chunk = lines.subList(from, Math.min(lines.size(), from + CHUNK));
            items.upsert(
                    c,
                    run.runId(),
                    false,
                    chunk.stream()
                            .map(l ->
                                    l.at() == null ? new ItemLine(l.item(), l.status(), l.output(), l.error(), now) : l)
                            .toList());
        }
        return new Imported(run.runId(), lines.size(), problems, runService.view(c, run.runId()));
    }

    private static List<ItemLine> entries(JsonNode processed, List<Problem> problems) {
        List<ItemLine> lines = new ArrayList<>();
        if (processed == null || processed.isNull()) {
            return lines;
        }
        if (!processed.isObject()) {
            problems.add(new Problem("$.processed_jsons", "is not an object"));
            return lines;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = processed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "$.processed_jsons[" + Json.mapper().getNodeFactory().textNode(e.getKey()) + "]";
            String nameProblem = ItemLine.nameProblem(e.getKey());
            if (nameProblem != null) {
                problems.add(new Problem(path, "the name " + nameProblem));
                continue;
            }
            if (!e.getValue().isObject()) {
                problems.add(new Problem(path, "is not an object"));
                continue;
            }
            ObjectNode line = Json.mapper().createObjectNode();
            line.put("item", e.getKey());
            line.set("status", e.getValue().get("status"));
            line.set("output", e.getValue().get("output_file"));
            line.set("error", e.getValue().get("error"));
            line.set("at", e.getValue().get("timestamp"));
            ItemLine.Checked checked = ItemLine.check(line);
            if (checked.valid()) {
                lines.add(checked.line());
            } else {
                problems.add(new Problem(
                        path,
                        checked.problem().replace("output ", "output_file ").replace("at ", "timestamp ")));
            }
        }
        return lines;
    }

    private static List<String> strings(JsonNode array, List<Problem> problems) {
        List<String> values = new ArrayList<>();
        if (array == null || array.isNull()) {
            return values;
        }
        if (!array.isArray()) {
            problems.add(new Problem("$.unprocessed_files", "is not an array"));
            return values;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode v = array.get(i);
            if (v.isTextual() && v.textValue().indexOf('\0') < 0) {
                values.add(v.textValue());
            } else {
                problems.add(new Problem("$.unprocessed_files[" + i + "]", "is not a string without NUL"));
            }
        }
        return values;
    }

    private static Instant time(JsonNode doc, String field, List<Problem> problems) {
        JsonNode v = doc.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            if (v.isTextual()) {
                return ItemLine.parseInstant(v.textValue());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add(new Problem("$." + field, "is not an ISO-8601 date-time"));
        return null;
    }
}
