package dev.cairn.ledger.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The attributes of a mapped event (StageEvent attributes are strings): where it came from
 * ({@code openlineage.job_namespace}, {@code openlineage.job_name}, {@code openlineage.event_type},
 * {@code openlineage.producer}, {@code openlineage.mapped_by}), each run and job facet as compact JSON
 * ({@code openlineage.run_facet.<name>}, {@code openlineage.job_facet.<name>}), and {@code outputs}, the JSON array
 * of the output datasets' {@code {namespace, name}}. Facets are bounded so that a mapped event stays far below the
 * 256 KiB limit whatever a producer attaches (a Spark plan can be megabytes): a facet over {@code maxFacet} bytes, or
 * past the {@code maxTotal} budget of the event (facets in name order, then outputs), is kept as
 * {@code {"_cairn_omitted_bytes": N}}; outputs past the budget are cut with {@code {"_cairn_omitted_outputs": N}} last.
 */
public final class FacetAttributes {

    public static final String PREFIX = "openlineage.";
    public static final String OUTPUTS = "outputs";

    private final int maxFacet;
    private final int maxTotal;

    public FacetAttributes(int maxFacet, int maxTotal) {
        this.maxFacet = maxFacet;
        this.maxTotal = maxTotal;
    }

    ObjectNode of(JsonNode event, String mappedBy) {
        ObjectNode a = Json.mapper().createObjectNode();
        a.put(PREFIX + "job_namespace", event.path("job").path("namespace").asText());
        a.put(PREFIX + "job_name", event.path("job").path("name").asText());
        a.put(PREFIX + "event_type", event.path("eventType").asText());
        a.put(PREFIX + "producer", event.path("producer").asText());
        a.put(PREFIX + "mapped_by", mappedBy);
        int used = 0;
        used = addFacets(a, PREFIX + "run_facet.", event.path("run").path("facets"), used);
        used = addFacets(a, PREFIX + "job_facet.", event.path("job").path("facets"), used);
        JsonNode outputs = event.path("outputs");
        if (outputs.isArray()) {
            a.put(OUTPUTS, outputs(outputs, used).toString());
        }
        return a;
    }

    private int addFacets(ObjectNode attributes, String prefix, JsonNode facets, int used) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        facets.fields().forEachRemaining(f -> sorted.put(f.getKey(), f.getValue()));
        for (Map.Entry<String, JsonNode> f : sorted.entrySet()) {
            String text = f.getValue().toString();
            int bytes = utf8Length(text);
            if (bytes > maxFacet || used + bytes > maxTotal) {
                text = "{\"_cairn_omitted_bytes\":" + bytes + "}";
                bytes = text.length();
            }
            attributes.put(prefix + f.getKey(), text);
            used += bytes;
        }
        return used;
    }

    private ArrayNode outputs(JsonNode outputs, int used) {
        ArrayNode kept = Json.mapper().createArrayNode();
        int i = 0;
        for (Iterator<JsonNode> it = outputs.elements(); it.hasNext(); i++) {
            JsonNode d = it.next();
            ObjectNode entry = kept.objectNode();
            entry.put("namespace", d.path("namespace").asText());
            entry.put("name", d.path("name").asText());
            int bytes = utf8Length(entry.toString());
            if (used + bytes > maxTotal) {
                kept.addObject().put("_cairn_omitted_outputs", outputs.size() - i);
                break;
            }
            kept.add(entry);
            used += bytes;
        }
        return kept;
    }

    private static int utf8Length(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
