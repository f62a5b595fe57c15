package dev.cairn.ledger.service;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Names;
import dev.cairn.contracts.Problem;
import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.ledger.store.Pipeline;
import dev.cairn.service.ApiException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    PipelineService(LedgerConfig config) {
        this.config = config;
    }

    void seed(@Observes StartupEvent event) throws IOException {
        if (config.pipelinesFile().isEmpty()) {
            return;
        }
        Path file = config.pipelinesFile().get();
        Map<String, List<String>> declared;
        try {
            declared = Json.mapper()
                    .readValue(Files.readAllBytes(file), new TypeReference<LinkedHashMap<String, List<String>>>() {});
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
            } catch (ApiException e) {
                throw new IllegalStateException(
                        "cairn.ledger.pipelines-file " + file + ": pipeline " + name + ": " + e.getMessage(), e);
            }
        });
    }

    @Transactional
    public Declared declare(String name, List<String> stages) {
        validate(name, stages);
        Pipeline existing = Pipeline.findById(name, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now();
        if (existing == null) {
            Pipeline p = new Pipeline();
            p.name = name;
            p.stages = stages.toArray(String[]::new);
            p.createdAt = now;
            p.updatedAt = now;
            p.persist();
            return new Declared(p, Change.CREATED);
        }
        List<String> current = existing.stageList();
        if (stages.size() < current.size() || !stages.subList(0, current.size()).equals(current)) {
            throw new ApiException(
                    409,
                    "stage_order_conflict",
                    "pipeline '" + name + "' is declared with stages " + current
                            + "; a declaration may only append stages, never reorder, rename or remove them (got "
                            + stages + ")");
        }
        if (stages.size() == current.size()) {
            return new Declared(existing, Change.UNCHANGED);
        }
        existing.stages = stages.toArray(String[]::new);
        existing.updatedAt = now;
        return new Declared(existing, Change.EXTENDED);
    }

    public List<Pipeline> all() {
        return Pipeline.listAll(io.quarkus.panache.common.Sort.by("name"));
    }

    public Pipeline find(String name) {
        Pipeline p = Pipeline.findById(name);
        if (p == null) {
            throw ApiException.notFound("pipeline '" + name + "' is not declared");
        }
        return p;
    }

    private static void validate(String name, List<String> stages) {
        List<Problem> problems = new ArrayList<>();
        Names.problem(name).ifPresent(p -> problems.add(new Problem("pipeline", p)));
        if (stages == null || stages.isEmpty()) {
            problems.add(new Problem("stages", "must list at least one stage, in order"));
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
            throw new ApiException(422, "invalid_pipeline", "the pipeline declaration is invalid", problems);
        }
    }
}
