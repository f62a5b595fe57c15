package dev.cairn.ledger.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Problem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * A run's fingerprint, {@code {source, options: {...}}}: what the document warns about when it changes between two
 * runs ("source path changed", "different suffixes used"). A resumed run whose fingerprint differs is refused unless
 * forced, with one problem per difference.
 */
public final class Fingerprints {

    private Fingerprints() {}

    /** The fingerprint in its stored form, or the problems that make it unusable. */
    public record Checked(ObjectNode fingerprint, List<Problem> problems) {}

    public static Checked normalize(JsonNode given) {
        List<Problem> problems = new ArrayList<>();
        ObjectNode out = Json.mapper().createObjectNode();
        if (given == null || given.isNull()) {
            given = Json.mapper().createObjectNode();
        }
        if (!given.isObject()) {
            problems.add(new Problem("fingerprint", "must be an object {source, options}"));
            return new Checked(null, problems);
        }
        for (Iterator<String> names = given.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("source") && !name.equals("options")) {
                problems.add(new Problem("fingerprint." + name, "unknown member (source and options only)"));
            }
        }
        JsonNode source = given.get("source");
        if (source != null && !source.isNull() && !source.isTextual()) {
            problems.add(new Problem("fingerprint.source", "must be a string"));
        }
        JsonNode options = given.get("options");
        if (options != null && !options.isNull() && !options.isObject()) {
            problems.add(new Problem("fingerprint.options", "must be an object"));
        }
        if (source == null || source.isNull()) {
            out.putNull("source");
        } else {
            out.set("source", source);
        }
        out.set("options", options == null || options.isNull() ? Json.mapper().createObjectNode() : options);
        return new Checked(out, problems);
    }

    /** One problem per difference between the stored fingerprint and the given one (both normalised). */
    public static List<Problem> differences(ObjectNode stored, ObjectNode given) {
        List<Problem> differences = new ArrayList<>();
        compare(differences, "fingerprint.source", stored.get("source"), given.get("source"));
        TreeSet<String> keys = new TreeSet<>();
        stored.path("options").fieldNames().forEachRemaining(keys::add);
        given.path("options").fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            compare(
                    differences,
                    "fingerprint.options." + key,
                    stored.path("options").get(key),
                    given.path("options").get(key));
        }
        return differences;
    }

    private static void compare(List<Problem> differences, String field, JsonNode was, JsonNode now) {
        JsonNode a = was == null ? Json.mapper().nullNode() : was;
        JsonNode b = now == null ? Json.mapper().nullNode() : now;
        if (!a.equals(b)) {
            differences.add(new Problem(field, "was " + show(was) + ", now " + show(now)));
        }
    }

    private static String show(JsonNode v) {
        return v == null || v.isMissingNode() ? "absent" : v.toString();
    }
}
