package dev.cairn.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The hot path of {@link StageEventValidator}: a direct check of the fields that answers "certainly valid" for the
 * common well-formed event without running the JSON Schema. It is stricter than the schema (anything it is unsure of
 * — a null optional field, a lower-case {@code t} in a timestamp — goes to the full validation), so it can only save
 * work, never accept what the schema refuses ({@code FastPathEquivalenceTest} checks that over generated events).
 * Invalid events always get the schema's complete list of problems. The rules themselves are those of {@link Names},
 * {@link EventIds}, {@link Timestamps} and {@link EventLimits}.
 */
final class FastEventCheck {

    private static final Set<String> TYPES = Set.copyOf(EventTypes.STAGE_EVENT_TYPES);
    private static final Set<String> NAME_FIELDS = Set.of("pipeline", "project", "stage");
    private static final Set<String> OPTIONAL_NAMES = Set.of("config_id", "run_id");

    private FastEventCheck() {}

    static boolean certainlyValid(JsonNode e, EventLimits limits) {
        if (!e.isObject()
                || !e.path("event_id").isTextual()
                || !EventIds.isValid(e.get("event_id").textValue())
                || !e.path("type").isTextual()
                || !TYPES.contains(e.get("type").textValue())) {
            return false;
        }
        for (String f : NAME_FIELDS) {
            JsonNode v = e.get(f);
            if (v == null || !v.isTextual() || !Names.isValid(v.textValue())) {
                return false;
            }
        }
        for (String f : OPTIONAL_NAMES) {
            JsonNode v = e.get(f);
            if (v != null && (!v.isTextual() || !Names.isValid(v.textValue()))) {
                return false;
            }
        }
        if (!timestamp(e.get("occurred_at"), false) || !timestamp(e.get("started_at"), true)) {
            return false;
        }
        JsonNode schema = e.get("schema");
        if (schema != null && !StageEvent.SCHEMA.equals(schema.textValue())) {
            return false;
        }
        JsonNode metrics = e.get("metrics");
        JsonNode attributes = e.get("attributes");
        JsonNode error = e.get("error");
        return (metrics == null || metrics.isObject())
                && (error == null || error.isTextual())
                && (attributes == null || textValuesOnly(attributes))
                && noNul(e)
                && limits.problems(e).isEmpty();
    }

    private static boolean timestamp(JsonNode v, boolean optional) {
        return v == null ? optional : v.isTextual() && Timestamps.isCanonical(v.textValue());
    }

    private static boolean textValuesOnly(JsonNode attributes) {
        if (!attributes.isObject()) {
            return false;
        }
        for (Iterator<JsonNode> it = attributes.elements(); it.hasNext(); ) {
            if (!it.next().isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static boolean noNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') < 0;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().indexOf('\u0000') >= 0 || !noNul(e.getValue())) {
                    return false;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!noNul(item)) {
                    return false;
                }
            }
        }
        return true;
    }
}
