package dev.cairn.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CliException;
import dev.cairn.contracts.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ledger-service's HTTP API, as the CLI uses it. */
public final class LedgerApi {

    /** What the ledger made of a posted event. */
    public enum Posted {
        /** 201: applied now. */
        RECORDED,
        /** 200: the same event was recorded before. */
        ALREADY_RECORDED,
        /** 409: an event with this id was recorded before with other content; the first one is kept. */
        RECORDED_DIFFERENTLY
    }

    private final CairnHttp http;

    public LedgerApi(CairnHttp http) {
        this.http = http;
    }

    public CairnHttp http() {
        return http;
    }

    public Posted post(ObjectNode event) {
        CairnHttp.Answer a = http.post("/api/v1/events", "application/json", bytes(event));
        return switch (a.status()) {
            case 201 -> Posted.RECORDED;
            case 200 -> Posted.ALREADY_RECORDED;
            case 409 -> Posted.RECORDED_DIFFERENTLY;
            default -> throw http.refused(a, "event " + event.path("event_id").asText());
        };
    }

    /** The declared stages of {@code pipeline}, in order; a usage error naming {@code --pipeline} if undeclared. */
    public List<String> stages(String pipeline) {
        CairnHttp.Answer a = http.get("/api/v1/pipelines/" + pipeline);
        if (a.status() == 404) {
            throw CliException.usage(
                    "--pipeline", "pipeline '" + pipeline + "' is not declared in the ledger at " + http.base());
        }
        if (!a.ok()) {
            throw http.refused(a, "pipeline " + pipeline);
        }
        List<String> stages = new ArrayList<>();
        a.json().path("stages").forEach(s -> stages.add(s.asText()));
        return stages;
    }

    /**
     * {@code stage} when it is a declared stage of {@code pipeline}, the pipeline's final stage when it is null, else a
     * usage error naming {@code --stage}.
     */
    public String stageOrFinal(String pipeline, List<String> stages, String stage) {
        String target = stage != null ? stage : stages.get(stages.size() - 1);
        if (!stages.contains(target)) {
            throw CliException.usage(
                    "--stage",
                    "'" + target + "' is not a stage of " + pipeline + " (" + String.join(", ", stages) + ")");
        }
        return target;
    }

    /** The project's state (CompletionRecorded without {@code change}), or empty when nothing is recorded. */
    public Optional<JsonNode> completion(String pipeline, String project, String configId) {
        CairnHttp.Answer a = http.get("/api/v1/completions/" + pipeline + "/" + project + "?config_id=" + configId);
        if (a.status() == 404) {
            return Optional.empty();
        }
        if (!a.ok()) {
            throw http.refused(a, "the state of " + project);
        }
        return Optional.of(a.json());
    }

    /** Every timeline entry of the project, oldest first (all pages). */
    public List<JsonNode> timeline(String pipeline, String project, String configId) {
        List<JsonNode> entries = new ArrayList<>();
        String after = "0";
        while (after != null) {
            CairnHttp.Answer a = http.get("/api/v1/completions/" + pipeline + "/" + project + "/timeline?config_id="
                    + configId + "&limit=10000&after=" + after);
            if (!a.ok()) {
                throw http.refused(a, "the timeline of " + project);
            }
            JsonNode page = a.json();
            page.path("items").forEach(entries::add);
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        }
        return entries;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
