package dev.cairn.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the bytes of a Kafka value or HTTP body into a {@link StageEvent}, or into the complete list of
 * problems: size first (256 KiB), then JSON syntax, then the JSON Schema and the name rule of docs/design.md §2.
 * Thread-safe.
 */
public final class StageEventValidator {

    public static final int MAX_BYTES = 256 * 1024;
    private static final Set<String> NAME_FIELDS = Set.of("pipeline", "project", "config_id", "stage", "run_id");

    private final SchemaValidator schema = new SchemaValidator(SchemaValidator.STAGE_EVENT);
    private final ObjectMapper mapper = Json.mapper();
    private final EventLimits limits;

    /** With the {@link EventLimits#DEFAULT} limits. */
    public StageEventValidator() {
        this(EventLimits.DEFAULT);
    }

    public StageEventValidator(EventLimits limits) {
        this.limits = limits;
    }

    /** The outcome of validating one payload: either {@code event} or a reason with its problems. */
    public record Result(StageEvent event, RejectReason reason, List<Problem> problems) {

        public boolean valid() {
            return event != null;
        }

        public String detail() {
            return String.join("; ", problems.stream().map(Problem::toString).toList());
        }

        static Result rejected(RejectReason reason, Problem... problems) {
            return new Result(null, reason, List.of(problems));
        }
    }

    public Result validate(byte[] payload) {
        if (payload == null) {
            return Result.rejected(RejectReason.INVALID_JSON, new Problem("$", "the value is empty (null)"));
        }
        if (payload.length > MAX_BYTES) {
            return Result.rejected(
                    RejectReason.PAYLOAD_TOO_LARGE,
                    new Problem(
                            "$",
                            "the value is " + payload.length + " bytes; at most " + MAX_BYTES
                                    + " (256 KiB) are allowed"));
        }
        Optional<Problem> encoding = encodingProblem(payload);
        if (encoding.isPresent()) {
            return Result.rejected(RejectReason.INVALID_JSON, encoding.get());
        }
        JsonNode node;
        try {
            node = mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            return Result.rejected(
                    RejectReason.INVALID_JSON, new Problem("$", "not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return Result.rejected(RejectReason.INVALID_JSON, new Problem("$", "not readable: " + e.getMessage()));
        }
        if (node == null || node.isMissingNode()) {
            return Result.rejected(RejectReason.INVALID_JSON, new Problem("$", "the value is empty"));
        }
        return validate(node);
    }

    /**
     * Stage events are UTF-8 without a byte order mark (RFC 8259 §8.1). Jackson would also read a BOM-prefixed or
     * UTF-16/32 payload, which another consumer of the same bytes may read differently: refused here, before parsing.
     */
    public static Optional<Problem> encodingProblem(byte[] payload) {
        if (payload.length >= 3
                && (payload[0] & 0xFF) == 0xEF
                && (payload[1] & 0xFF) == 0xBB
                && (payload[2] & 0xFF) == 0xBF) {
            return Optional.of(new Problem("$", "starts with a UTF-8 byte order mark; send UTF-8 without one"));
        }
        if (payload.length >= 2
                && (((payload[0] & 0xFF) == 0xFE && (payload[1] & 0xFF) == 0xFF)
                        || ((payload[0] & 0xFF) == 0xFF && (payload[1] & 0xFF) == 0xFE)
                        || payload[0] == 0
                        || payload[1] == 0)) {
            return Optional.of(new Problem("$", "is UTF-16 or UTF-32 encoded; send UTF-8"));
        }
        return Optional.empty();
    }

    public Result validate(String payload) {
        return validate(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Validates an already parsed node (one element of an HTTP array, for instance). */
    public Result validate(JsonNode node) {
        if (!node.isObject()) {
            return Result.rejected(
                    RejectReason.INVALID_EVENT, new Problem("$", "must be a JSON object, got " + node.getNodeType()));
        }
        if (FastEventCheck.certainlyValid(node, limits)) {
            return new Result(toEvent((ObjectNode) node), null, List.of());
        }
        List<Problem> problems = fullValidation(node);
        if (!problems.isEmpty()) {
            return new Result(null, reasonFor(problems), problems);
        }
        return new Result(toEvent((ObjectNode) node), null, List.of());
    }

    /**
     * Every problem of {@code node} without the fast path: the JSON Schema, then what it cannot express (NUL
     * characters, a name's trailing line break, a date-time Java cannot read, the {@link EventLimits}). Empty when
     * the event is valid.
     */
    List<Problem> fullValidation(JsonNode node) {
        List<Problem> problems = new ArrayList<>(schema.validate(node));
        addNulProblems(node, "", problems);
        addNameProblems(node, problems);
        addTimestampProblems(node, problems);
        if (node.isObject()) {
            limits.problems(node).stream()
                    .filter(p -> problems.stream().noneMatch(q -> q.field().equals(p.field())))
                    .forEach(problems::add);
        }
        return List.copyOf(problems);
    }

    /** U+0000 cannot be stored in PostgreSQL text or jsonb, nor safely in S3 keys: refused anywhere in the event. */
    private static void addNulProblems(JsonNode node, String path, List<Problem> problems) {
        if (node.isTextual() && node.textValue().indexOf('\u0000') >= 0) {
            problems.add(new Problem(path, "contains a NUL character (U+0000)"));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String field = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getKey().indexOf('\u0000') >= 0) {
                    problems.add(new Problem(field, "has a NUL character (U+0000) in its name"));
                }
                addNulProblems(e.getValue(), field, problems);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                addNulProblems(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    /** The schema's ECMA pattern lets a trailing line break through; {@link Names} does not. */
    private static void addNameProblems(JsonNode node, List<Problem> problems) {
        for (String field : NAME_FIELDS) {
            JsonNode value = node.get(field);
            if (value != null
                    && value.isTextual()
                    && problems.stream().noneMatch(p -> p.field().equals(field))) {
                Names.problem(value.textValue()).ifPresent(reason -> problems.add(new Problem(field, reason)));
            }
        }
    }

    private static void addTimestampProblems(JsonNode node, List<Problem> problems) {
        for (String field : List.of("occurred_at", "started_at")) {
            JsonNode value = node.get(field);
            if (value != null
                    && value.isTextual()
                    && problems.stream().noneMatch(p -> p.field().equals(field))) {
                try {
                    Timestamps.parse(value.textValue());
                } catch (DateTimeException e) {
                    problems.add(
                            new Problem(field, "is not an ISO-8601 date-time with an offset: " + value.textValue()));
                }
            }
        }
    }

    private static RejectReason reasonFor(List<Problem> problems) {
        boolean onlyNames = problems.stream()
                .allMatch(p -> NAME_FIELDS.contains(p.field())
                        && !p.message().equals("is required")
                        && !p.message().contains("expected"));
        return onlyNames ? RejectReason.INVALID_NAME : RejectReason.INVALID_EVENT;
    }

    private static StageEvent toEvent(ObjectNode node) {
        JsonNode configId = node.get("config_id");
        return new StageEvent(
                StageEvent.SCHEMA,
                node.get("event_id").textValue(),
                node.get("type").textValue(),
                node.get("pipeline").textValue(),
                node.get("project").textValue(),
                configId == null || configId.isNull() ? Names.DEFAULT_CONFIG_ID : configId.textValue(),
                node.get("stage").textValue(),
                text(node, "run_id"),
                instant(node, "occurred_at"),
                instant(node, "started_at"),
                node.get("metrics") instanceof ObjectNode metrics ? metrics : null,
                attributes(node.get("attributes")),
                text(node, "error"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.textValue();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Timestamps.parse(text);
    }

    private static Map<String, String> attributes(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            result.put(e.getKey(), e.getValue().textValue());
        }
        return result;
    }
}
