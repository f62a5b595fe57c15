package dev.cairn.ledger.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.contracts.Names;
import dev.cairn.contracts.Pipelines;
import dev.cairn.contracts.Problem;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.domain.Pipeline;
import dev.cairn.ledger.store.PipelineStore;
import dev.cairn.service.error.ConflictException;
import dev.cairn.service.error.DomainException;
import dev.cairn.service.error.NotFoundException;
import dev.cairn.service.error.UnprocessableException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Pipeline declarations: {@code PUT} is idempotent, may append stages, and refuses to reorder, rename or drop
 * existing ones (a level would change meaning). A pipelines file can seed declarations at start-up.
 */
@ApplicationScoped
public class PipelineService {

    private static final Logger LOG = Logger.getLogger(PipelineService.class);

    public enum Change {
        CREATED,
        EXTENDED,
        UNCHANGED
    }

    public record Declared(Pipeline pipeline, Change change) {}

    private final LedgerConfig config;
    private final AgroalDataSource dataSource;
    private final PipelineStore store;
    private final ObjectMapper json;

    PipelineService(LedgerConfig config, AgroalDataSource dataSource, PipelineStore store, ObjectMapper json) {
        this.config = config;
        this.dataSource = dataSource;
        this.store = store;
        this.json = json;
    }

    void seed(@Observes StartupEvent event) {
        if (config.pipelinesFile().isEmpty()) {
            return;
        }
        Path file = config.pipelinesFile().get();
        Map<String, List<String>> declared;
        try {
            declared = json.readValue(
                    Files.readAllBytes(file), new TypeReference<LinkedHashMap<String, List<String>>>() {});
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cairn.ledger.pipelines-file " + file + " is not a JSON object of "
                            + "{\"pipeline\": [\"stage\", ...]}: " + e.getMessage(),
                    e);
        }
        declared.forEach((name, stages) -> {
            try {
                Declared d = declare(name, stages);
                LOG.infof("pipeline %s %s from %s: %s", name, d.change().name().toLowerCase(), file, stages);
            } catch (DomainException e) {
                throw new IllegalStateException(
                        "cairn.ledger.pipelines-file " + file + ": pipeline " + name + ": " + e.getMessage(), e);
            }
        });
    }

    /** Creates the pipeline, or appends stages to it; the row is locked while an existing declaration is compared. */
    public Declared declare(String name, List<String> stages) {
        validate(name, stages);
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                Instant now = Instant.now();
                Optional<Pipeline> created = store.insertIfAbsent(c, name, stages, now);
                if (created.isPresent()) {
                    return new Declared(created.get(), Change.CREATED);
                }
                Pipeline existing = store.find(c, name, true).orElseThrow();
                List<String> current = existing.stages();
                if (stages.size() < current.size()
                        || !stages.subList(0, current.size()).equals(current)) {
                    throw new ConflictException(
                            "stage_order_conflict",
                            "pipeline '" + name + "' is declared with stages " + current
                                    + "; a declaration may only append stages, never reorder, rename or remove them"
                                    + " (got " + stages + ")");
                }
                if (stages.size() == current.size()) {
                    return new Declared(existing, Change.UNCHANGED);
                }
                return new Declared(store.updateStages(c, name, stages, now), Change.EXTENDED);
            }
        });
    }

    public List<Pipeline> all() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return store.list(c);
        }
    }

    public Pipeline find(String name) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return store.find(c, name, false)
                    .orElseThrow(() -> new NotFoundException("pipeline '" + name + "' is not declared"));
        }
    }

    private static void validate(String name, List<String> stages) {
        List<Problem> problems = new ArrayList<>();
        Names.problem(name).ifPresent(p -> problems.add(new Problem("pipeline", p)));
        if (stages == null || stages.isEmpty()) {
            problems.add(new Problem("stages", "must list at least one stage, in order"));
        } else if (stages.size() > Pipelines.MAX_STAGES) {
            problems.add(new Problem(
                    "stages", "lists " + stages.size() + " stages; at most " + Pipelines.MAX_STAGES + " are allowed"));
        } else {
            var seen = new HashSet<String>();
            for (int i = 0; i < stages.size(); i++) {
                String field = "stages[" + i + "]";
                Names.problem(stages.get(i)).ifPresent(p -> problems.add(new Problem(field, p)));
                if (stages.get(i) != null && !seen.add(stages.get(i))) {
                    problems.add(new Problem(field, "'" + stages.get(i) + "' is listed twice"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new UnprocessableException("invalid_pipeline", "the pipeline declaration is invalid", problems);
        }
    }
}
