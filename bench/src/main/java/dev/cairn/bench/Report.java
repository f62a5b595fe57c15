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

    private Report() {
    }

    static void writeJson(Map<String, Object> results, Path json) throws IOException {
        Files.writeString(json, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(results) + "\n");
    }

    @SuppressWarnings("unchecked")
    static void writeMarkdown(Map<String, Object> r, Path md, String command) throws IOException {
        List<String> l = new ArrayList<>();
        l.add("# Cairn benchmark report");
        l.add("");
        l.add("- when: " + r.get("when") + ", machine: " + r.get("machine"));
        l.add("- command: `" + command + "`" + (Boolean.TRUE.equals(r.get("quick")) ? " (quick sizes: not comparable with the goals)" : ""));
        l.add("- everything co-located on this machine: Kafka broker, PostgreSQL, the S3 server, the service under test and the load generator.");
        l.add("  Figures are ratios against baselines measured in the same run on the same data; absolute numbers vary with the machine's load.");
        l.add("");
        l.add("## Goals");
        l.add("");
        l.add("| goal | value | verdict |");
        l.add("|---|---|---|");
        for (Goals.Verdict v : Goals.check(r)) {
            l.add("| " + v.goal().text() + " | " + (v.value() == null ? "–" : v.value()) + " | " + v.detail() + " |");
        }
        l.add("");
        l.add("Where a goal is missed, `bench/ANALYSIS.md` says what the profile (`./run-bench --jfr`) shows is the bottleneck.");
        l.add("");
        section(l, "Ledger ingest", (Map<String, Object>) r.get("ledger"), List.of(
                goal("events_per_s", "≥ 20,000 events/s"), goal("ratio_to_jdbc_sink", "≥ 1.2× the JDBC sink"),
                goal("replay_events_per_s", "≥ events_per_s, 0 rows added")));
        section(l, "Markers", (Map<String, Object>) r.get("markers"), List.of(
                goal("markers_per_s", "≥ 500 markers/s"), goal("p50_ms", "≤ 100 ms at 200/s"), goal("p99_ms", "≤ 500 ms at 200/s")));
        section(l, "Planner", (Map<String, Object>) r.get("planner"), List.of(
                goal("p50_ms", "≤ 50 ms for 100,000 names"), goal("ratio_seed_to_config_list", "≥ 20× the seed script")));
        section(l, "Bootstrap", (Map<String, Object>) r.get("bootstrap"), List.of(
                goal("ratio_to_seed_script", "≥ 3× the seed script"), goal("peak_heap_mb_ratio_big_to_small", "flat heap (≈ 1)")));
        l.add("Plots: `ledger-throughput.png`, `marker-latency.png` next to this file.");
        Files.write(md, l);
    }

    private record Goal(String key, String text) {
    }

    private static Goal goal(String key, String text) {
        return new Goal(key, text);
    }

    private static void section(List<String> l, String title, Map<String, Object> values, List<Goal> goals) {
        if (values == null) {
            return;
        }
        l.add("## " + title);
        l.add("");
        l.add("| figure | value | goal |");
        l.add("|---|---|---|");
        values.forEach((k, v) -> {
            if (!(v instanceof Map)) {
                String g = goals.stream().filter(x -> x.key().equals(k)).map(Goal::text).findFirst().orElse("");
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
