package dev.cairn.ledger.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One item status of a run: {@code {item, status, output?, error?, at?}}, as an NDJSON line of {@code POST
 * /api/v1/runs/{id}/items} or a record of {@code cairn.item-events}. {@code at} is null when the sender gave none (the
 * ledger's clock is used).
 */
public record ItemLine(String item, String status, String output, String error, Instant at) {

    public static final List<String> STATUSES = List.of("success", "error", "not_found", "skipped");
    public static final int MAX_NAME_BYTES = 1024;
    public static final int MAX_TEXT_CHARS = 8192;

    /** A checked line: the item, or why it is refused. */
    public record Checked(ItemLine line, String problem) {
        public boolean valid() {
            return line != null;
        }
    }

    /** Checks one parsed line (a JSON object with the fields above). */
    public static Checked check(JsonNode node) {
        if (node == null || !node.isObject()) {
            return refused("is not a JSON object");
        }
        JsonNode item = node.get("item");
        if (item == null || !item.isTextual()) {
            return refused("item is missing or not a string");
        }
        String nameProblem = nameProblem(item.textValue());
        if (nameProblem != null) {
            return refused("item " + nameProblem);
        }
        JsonNode status = node.get("status");
        if (status == null || !status.isTextual() || !STATUSES.contains(status.textValue())) {
            return refused("status " + (status == null ? "is missing" : status + " is unknown") + ": one of "
                    + String.join(", ", STATUSES));
        }
        String output;
        String error;
        Instant at;
        try {
            output = text(node, "output");
            error = text(node, "error");
            at = instant(node.get("at"));
        } catch (IllegalArgumentException e) {
            return refused(e.getMessage());
        }
        return new Checked(new ItemLine(item.textValue(), status.textValue(), output, error, at), null);
    }

    /** Why {@code name} is not an item name (empty, over 1,024 UTF-8 bytes, NUL or a line break), or null. */
    public static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.indexOf('\0') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            return "contains NUL or a line break";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        return bytes > MAX_NAME_BYTES ? "is " + bytes + " bytes long (at most " + MAX_NAME_BYTES + ")" : null;
    }

    /** An instant with an offset, or a date-time without one (the document's {@code isoformat()}, read as UTC). */
    public static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 date-time");
            }
        }
    }

    private static Instant instant(JsonNode at) {
        if (at == null || at.isNull()) {
            return null;
        }
        if (!at.isTextual()) {
            throw new IllegalArgumentException("at is not a string");
        }
        return parseInstant(at.textValue());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        String s = v.textValue();
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " contains NUL");
        }
        if (s.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_TEXT_CHARS + " characters");
        }
        return s;
    }

    private static Checked refused(String problem) {
        return new Checked(null, problem);
    }
}
