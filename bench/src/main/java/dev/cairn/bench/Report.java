package dev.cairn.bench;

import dev.cairn.contracts.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes the results as JSON and as a Markdown report with every figure next to its baseline and goal. */
final class Report {

    private Report() {}

    static void writeJson(Map<String, Object> results, Path json) throws IOException {
        Files.writeString(json, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(results) + "\n");
    }

    @SuppressWarnings("unchecked")
    static void writeMarkdown(Map<String, Object> r, Path md, String command) throws IOException {
        List<String> l = new ArrayList<>();
        l.add("# Cairn benchmark report");
        l.add("");
        l.add("- when: " + r.get("when") + ", machine: " + r.get("machine"));
        l.add("- command: `" + command + "`"
                + (Boolean.TRUE.equals(r.get("quick")) ? " (quick sizes: not comparable with the goals)" : ""));
        l.add(
                "- everything co-located on this machine: Kafka broker, PostgreSQL, the S3 server, the service under test and the load generator.");
        l.add(
                "  Figures are ratios against baselines measured in the same run on the same data; absolute numbers vary with the machine's load.");
        l.add("");
        l.add("## Goals");
        l.add("");
        l.add("| goal | value | verdict |");
        l.add("|---|---|---|");
        for (Goals.Verdict v : Goals.check(r)) {
            l.add("| " + v.goal().text() + " | " + (v.value() == null ? "–" : v.value()) + " | " + v.detail() + " |");
        }
        l.add("");
        l.add(
                "Where a goal is missed, `bench/ANALYSIS.md` says what the profile (`./run-bench --jfr`) shows is the bottleneck.");
        l.add("");
        section(l, "Ledger ingest", "ledger", r);
        section(l, "Markers", "markers", r);
        section(l, "Planner", "planner", r);
        section(l, "Bootstrap", "bootstrap", r);
        section(l, "Artifact backup (cairn backup vs aws s3 cp)", "backup", r);
        section(l, "Footprint (start-to-ready, RSS)", "footprint", r);
        l.add(
                "Plots: `ledger-throughput.png`, `marker-latency.png` (200/s), `marker-latency-400.png` next to this file.");
        Files.write(md, l);
    }

    @SuppressWarnings("unchecked")
    private static void section(List<String> l, String title, String scenario, Map<String, Object> r) {
        if (!(r.get(scenario) instanceof Map<?, ?> found)) {
            return;
        }
        Map<String, Object> values = (Map<String, Object>) found;
        l.add("## " + title);
        l.add("");
        l.add("| figure | value | goal |");
        l.add("|---|---|---|");
        values.forEach((k, v) -> {
            if (!(v instanceof Map)) {
                String g = Goals.ALL.stream()
                        .filter(x -> x.scenario().equals(scenario) && x.key().equals(k))
                        .map(Goals.Goal::text)
                        .findFirst()
                        .orElse("");
                l.add("| " + k + " | " + v + " | " + g + " |");
            }
        });
        values.forEach((k, v) -> {
            if (v instanceof Map<?, ?> sub) {
                l.add("");
                l.add("`" + k + "`: " + sub);
            }
        });
        l.add("");
    }
}
