package dev.cairn.ledger.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Names;
import dev.cairn.contracts.Problem;
import dev.cairn.contracts.RejectReason;
import dev.cairn.contracts.SchemaValidator;
import dev.cairn.contracts.StageEvent;
import dev.cairn.contracts.StageEventValidator;
import dev.cairn.contracts.Timestamps;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps an OpenLineage RunEvent (spec 2-0-x) to a StageEvent v1, without side effects. In order: the RunEvent schema
 * (every problem, by field); the target (the {@code cairn} run facet, checked by its own schema, else the first
 * matching rule, else unmapped); the type ({@code START} → started, {@code COMPLETE} → completed, {@code FAIL} →
 * failed with the {@code errorMessage} facet's message, {@code ABORT} → failed {@code aborted}, {@code RUNNING} →
 * started at its {@code eventTime}, the run's liveness; {@code OTHER} or none → ignored); then the StageEvent is
 * validated like any event of {@code POST /api/v1/events} (names, timestamps, 256 KiB). Thread-safe.
 */
public final class RunEventMapper {

    static final String CAIRN_FACET = "cairn";
    private static final int MAX_ERROR = 4000;

    private final SchemaValidator runEvents = new SchemaValidator(SchemaValidator.OPENLINEAGE_RUN_EVENT);
    private final SchemaValidator cairnFacets = new SchemaValidator(SchemaValidator.CAIRN_RUN_FACET);
    private final StageEventValidator stageEvents = new StageEventValidator();
    private final ObjectMapper json = Json.mapper();
    private final LineageRules rules;
    private final FacetAttributes attributes;

    public RunEventMapper(LineageRules rules, FacetAttributes attributes) {
        this.rules = rules;
        this.attributes = attributes;
    }

    /** A Kafka value: UTF-8 JSON of one RunEvent. */
    public Mapping map(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return Mapping.invalid(RejectReason.INVALID_JSON, List.of(new Problem("$", "the value is empty")));
        }
        Optional<Problem> encoding = StageEventValidator.encodingProblem(payload);
        if (encoding.isPresent()) {
            return Mapping.invalid(RejectReason.INVALID_JSON, List.of(encoding.get()));
        }
        JsonNode node;
        try {
            node = json.readTree(payload);
        } catch (IOException e) {
            return Mapping.invalid(
                    RejectReason.INVALID_JSON, List.of(new Problem("$", "not valid JSON: " + e.getMessage())));
        }
        return map(node);
    }

    /** One parsed RunEvent (the body, or an element of an array). */
    public Mapping map(JsonNode event) {
        if (event == null || !event.isObject()) {
            return Mapping.invalid(
                    RejectReason.INVALID_EVENT,
                    List.of(new Problem("$", "must be a JSON object (an OpenLineage RunEvent)")));
        }
        List<Problem> problems = runEvents.validate(event);
        if (!problems.isEmpty()) {
            return Mapping.invalid(RejectReason.INVALID_EVENT, problems);
        }
        JsonNode facet = event.path("run").path("facets").get(CAIRN_FACET);
        Target target;
        if (facet != null) {
            List<Problem> facetProblems = prefixed("run.facets." + CAIRN_FACET + ".", cairnFacets.validate(facet));
            if (!facetProblems.isEmpty()) {
                return Mapping.invalid(RejectReason.INVALID_EVENT, facetProblems);
            }
            target = fromFacet(facet);
        } else {
            LineageRules.Match match = rules.match(event);
            if (match.target() == null) {
                return Mapping.unmapped(Mapping.UnmappedRun.of(event, match.reason()));
            }
            target = match.target();
        }
        String type = event.path("eventType").asText("OTHER");
        if ("OTHER".equals(type)) {
            return Mapping.ignored();
        }
        return toStageEvent(event, type, target);
    }

    private static Target fromFacet(JsonNode facet) {
        return new Target(
                facet.get("pipeline").textValue(),
                facet.get("project").textValue(),
                facet.hasNonNull("config_id") ? facet.get("config_id").textValue() : Names.DEFAULT_CONFIG_ID,
                facet.get("stage").textValue(),
                Target.CAIRN_FACET,
                "run.facets." + CAIRN_FACET + ".");
    }

    private Mapping toStageEvent(JsonNode event, String olType, Target target) {
        String runId = event.path("run").path("runId").textValue().toLowerCase(Locale.ROOT);
        String eventTime = event.path("eventTime").textValue();
        String eventId = "ol-" + runId + "-" + olType.toLowerCase(Locale.ROOT);
        if ("RUNNING".equals(olType)) {
            try {
                eventId += "-" + Timestamps.parse(eventTime).toEpochMilli();
            } catch (DateTimeException e) {
                return Mapping.invalid(
                        RejectReason.INVALID_EVENT,
                        List.of(new Problem("eventTime", "is not an ISO-8601 date-time with an offset")));
            }
        }
        ObjectNode e = json.createObjectNode();
        e.put("schema", StageEvent.SCHEMA);
        e.put("event_id", eventId);
        e.put("type", stageType(olType));
        e.put("pipeline", target.pipeline());
        e.put("project", target.project());
        e.put("config_id", target.configId());
        e.put("stage", target.stage());
        e.put("run_id", runId);
        e.put("occurred_at", eventTime);
        if ("FAIL".equals(olType)) {
            JsonNode message =
                    event.path("run").path("facets").path("errorMessage").path("message");
            e.put("error", truncate(message.isTextual() ? message.textValue() : "failed (no errorMessage facet)"));
        } else if ("ABORT".equals(olType)) {
            e.put("error", "aborted");
        }
        e.set("attributes", attributes.of(event, target.mappedBy()));
        StageEventValidator.Result result;
        try {
            result = stageEvents.validate(json.writeValueAsBytes(e));
        } catch (IOException ex) {
            throw new IllegalStateException("a tree always serialises", ex);
        }
        return result.valid()
                ? Mapping.mapped(result.event())
                : Mapping.invalid(result.reason(), renamed(result.problems(), target));
    }

    private static String stageType(String olType) {
        return switch (olType) {
            case "COMPLETE" -> EventTypes.COMPLETED;
            case "FAIL", "ABORT" -> EventTypes.FAILED;
            default -> EventTypes.STARTED; // START, RUNNING
        };
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR) + "…";
    }

    /** The StageEvent's problems under the names of the RunEvent fields (or rule) they came from. */
    private static List<Problem> renamed(List<Problem> problems, Target target) {
        List<Problem> out = new ArrayList<>(problems.size());
        for (Problem p : problems) {
            String field = switch (p.field()) {
                case "pipeline", "project", "config_id", "stage" -> target.field(p.field());
                case "occurred_at" -> "eventTime";
                case "run_id", "event_id" -> "run.runId";
                case "error" -> "run.facets.errorMessage.message";
                default -> p.field().startsWith("attributes") ? "run.facets" : p.field();
            };
            out.add(new Problem(field, p.message()));
        }
        return out;
    }

    private static List<Problem> prefixed(String prefix, List<Problem> problems) {
        return problems.stream()
                .map(p -> new Problem(
                        p.field().equals("$") ? prefix.substring(0, prefix.length() - 1) : prefix + p.field(),
                        p.message()))
                .toList();
    }
}
