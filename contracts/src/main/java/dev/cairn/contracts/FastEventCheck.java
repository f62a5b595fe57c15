package dev.cairn.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The hot path of {@link StageEventValidator}: a direct check of the fields that answers "certainly valid" for the
 * common well-formed event without running the JSON Schema. It is stricter than the schema (anything it is unsure of
 * — a null optional field, a lower-case {@code t} in a timestamp — goes to the full validation), so it can only save
 * work, never accept what the schema refuses. Invalid events always get the schema's complete list of problems.
 */
final class FastEventCheck {

    private static final Set<String> TYPES = Set.copyOf(EventTypes.STAGE_EVENT_TYPES);
    private static final Set<String> NAME_FIELDS = Set.of("pipeline", "project", "stage");
    private static final Set<String> OPTIONAL_NAMES = Set.of("config_id", "run_id");

    private FastEventCheck() {}

    static boolean certainlyValid(JsonNode e) {
        if (!e.isObject()
                || !eventId(e.get("event_id"))
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
                && noNul(e);
    }

    private static boolean eventId(JsonNode v) {
        if (v == null || !v.isTextual()) {
            return false;
        }
        String s = v.textValue();
        if (s.isEmpty() || s.length() > 128) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3339 with upper-case T and Z, and a date-time Java accepts: yyyy-MM-ddTHH:mm:ss[.f](Z|±HH:mm). */
    private static boolean timestamp(JsonNode v, boolean optional) {
        if (v == null) {
            return optional;
        }
        if (!v.isTextual()) {
            return false;
        }
        String s = v.textValue();
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || !digits(s, 0, 4)
                || !digits(s, 5, 7)
                || !digits(s, 8, 10)
                || !digits(s, 11, 13)
                || !digits(s, 14, 16)
                || !digits(s, 17, 19)) {
            return false;
        }
        int i = 19;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
            }
            if (i == start) {
                return false;
            }
        }
        boolean zone = i == n - 1 && s.charAt(i) == 'Z'
                || i == n - 6
                        && (s.charAt(i) == '+' || s.charAt(i) == '-')
                        && digits(s, i + 1, i + 3)
                        && s.charAt(i + 3) == ':'
                        && digits(s, i + 4, n);
        if (!zone) {
            return false;
        }
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
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
