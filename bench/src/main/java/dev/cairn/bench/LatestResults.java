package dev.cairn.bench;

import dev.cairn.contracts.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code bench/results/latest.json} keeps its keys across partial runs: a run's scenarios replace theirs, the
 * scenarios it did not run stay as the earlier run wrote them, and {@code kept_from_earlier_runs} says when each
 * kept scenario was measured.
 */
final class LatestResults {

    private static final String KEPT = "kept_from_earlier_runs";

    private LatestResults() {}

    /** {@code run} plus the scenario results of {@code latest} (if it exists) that {@code run} has not. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Path latest, Map<String, Object> run) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>(run);
        if (!Files.isRegularFile(latest)) {
            return out;
        }
        Map<String, Object> before;
        try {
            before = Json.mapper().readValue(latest.toFile(), Map.class);
        } catch (IOException e) {
            return out; // an unreadable earlier file is replaced
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        Map<String, Object> earlierKept = before.get(KEPT) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        for (String scenario : Bench.SCENARIOS) {
            if (!out.containsKey(scenario) && before.get(scenario) instanceof Map<?, ?> results) {
                out.put(scenario, results);
                kept.put(scenario, earlierKept.getOrDefault(scenario, before.get("when")));
            }
        }
        if (!kept.isEmpty()) {
            out.put(KEPT, kept);
        }
        return out;
    }
}
