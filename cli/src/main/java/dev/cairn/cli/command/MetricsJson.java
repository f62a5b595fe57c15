package dev.cairn.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CliException;
import dev.cairn.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** {@code --metrics-json FILE|-}: a step's metrics as one JSON object, merged with the {@code --metric} flags. */
final class MetricsJson {

    private static final String FLAG = "--metrics-json";

    private MetricsJson() {}

    /** The object in {@code source} (a path, or {@code -} for {@code stdin}); blank content is {@code {}}. */
    static ObjectNode read(String source, InputStream stdin) throws IOException {
        byte[] bytes;
        try {
            bytes = source.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(source));
        } catch (NoSuchFileException e) {
            throw CliException.usage(FLAG, source + " does not exist");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Json.mapper().createObjectNode();
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw CliException.usage(
                    FLAG, (source.equals("-") ? "stdin" : source) + " is not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode o)) {
            throw CliException.usage(
                    FLAG,
                    (source.equals("-") ? "stdin" : source) + " holds "
                            + node.getNodeType().toString().toLowerCase() + ", not a JSON object of metrics");
        }
        return o;
    }

    /** Adds {@code more} to {@code into}; groups merge, a value given both ways is a usage error naming it. */
    static void merge(String flag, ObjectNode into, ObjectNode more, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = more.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode there = into.get(f.getKey());
            if (there == null) {
                into.set(f.getKey(), f.getValue());
            } else if (there instanceof ObjectNode group && f.getValue() instanceof ObjectNode add) {
                merge(flag, group, add, prefix + f.getKey() + ".");
            } else {
                throw CliException.usage(flag, "'" + prefix + f.getKey() + "' is also in " + FLAG);
            }
        }
    }
}
