package dev.cairn.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CliException;
import dev.cairn.contracts.Json;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code k=v} flags: {@code --metric} (typed, dotted keys make nested groups) and {@code --attr} (strings). */
public final class KeyValues {

    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    private KeyValues() {}

    /**
     * Metrics: {@code rows=15000} is a number, {@code ok=true} a boolean, anything else a string;
     * {@code s3_metrics.files_uploaded=3} goes into the group {@code s3_metrics}.
     */
    public static ObjectNode metrics(String flag, List<String> pairs) {
        ObjectNode root = Json.mapper().createObjectNode();
        for (String pair : pairs) {
            String[] kv = split(flag, pair);
            String[] path = kv[0].split("\\.", -1);
            ObjectNode group = root;
            for (int i = 0; i < path.length - 1; i++) {
                requireSegment(flag, pair, path[i]);
                JsonNode next = group.get(path[i]);
                if (next == null) {
                    group = group.putObject(path[i]);
                } else if (next instanceof ObjectNode o) {
                    group = o;
                } else {
                    throw CliException.usage(flag, "'" + pair + "': '" + path[i] + "' is already a value, not a group");
                }
            }
            String leaf = path[path.length - 1];
            requireSegment(flag, pair, leaf);
            if (group.has(leaf)) {
                throw CliException.usage(flag, "'" + pair + "': '" + kv[0] + "' is given twice");
            }
            group.set(leaf, typed(kv[1]));
        }
        return root;
    }

    /** Attributes: string values, keys as given. */
    public static Map<String, String> attributes(String flag, List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            String[] kv = split(flag, pair);
            if (out.put(kv[0], kv[1]) != null) {
                throw CliException.usage(flag, "'" + pair + "': '" + kv[0] + "' is given twice");
            }
        }
        return out;
    }

    static JsonNode typed(String value) {
        var f = Json.mapper().getNodeFactory();
        if (INTEGER.matcher(value).matches()) {
            return f.numberNode(Long.parseLong(value));
        }
        if (DECIMAL.matcher(value).matches()) {
            return f.numberNode(new BigDecimal(value));
        }
        if (value.equals("true") || value.equals("false")) {
            return f.booleanNode(Boolean.parseBoolean(value));
        }
        return f.textNode(value);
    }

    private static String[] split(String flag, String pair) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw CliException.usage(flag, "'" + pair + "' is not KEY=VALUE");
        }
        return new String[] {pair.substring(0, eq), pair.substring(eq + 1)};
    }

    private static void requireSegment(String flag, String pair, String segment) {
        if (segment.isEmpty()) {
            throw CliException.usage(flag, "'" + pair + "' has an empty key part");
        }
    }
}
