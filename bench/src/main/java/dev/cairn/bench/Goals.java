package dev.cairn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The goals, checked against a result: met, or missed and by how much. */
final class Goals {

    record Goal(String scenario, String key, String text, double target, boolean atLeast) {}

    record Verdict(Goal goal, Double value, String detail) {}

    static final List<Goal> ALL = List.of(
            new Goal("ledger", "events_per_s", "ledger ≥ 20,000 events/s", 20_000, true),
            new Goal("ledger", "ratio_to_jdbc_sink", "ledger ≥ 1.2× the JDBC sink", 1.2, true),
            new Goal("ledger", "replay_rows_added", "replay adds 0 rows", 0, false),
            new Goal("markers", "markers_per_s", "markers ≥ 500/s", 500, true),
            new Goal("markers", "p50_ms", "marker p50 ≤ 100 ms at 200/s", 100, false),
            // event to completion_marker.txt, one fixed-rate phase each
            new Goal("markers", "p99_ms", "marker p99 ≤ 100 ms at 200/s", 100, false),
            new Goal("markers", "p99_ms_at_400", "marker p99 ≤ 500 ms at 400/s", 500, false),
            new Goal("planner", "p50_ms", "planner p50 ≤ 50 ms for 100,000 names (server-side)", 50, false),
            new Goal("planner", "ratio_seed_to_config_list", "planner ≥ 20× the seed script", 20, true),
            new Goal("planner", "fresh_p99_ms", "fresh plan p99 ≤ 250 ms at 2,000 events/s", 250, false),
            new Goal("planner", "fresh_stale", "fresh plans: 0 stale answers", 0, false),
            new Goal("bootstrap", "ratio_to_seed_script", "bootstrap ≥ 3× the seed script", 3, true),
            new Goal(
                    "bootstrap",
                    "peak_heap_mb_ratio_big_to_small",
                    "bootstrap heap flat (peak at 1M ≤ 1.5× peak at 100k)",
                    1.5,
                    false),
            new Goal(
                    "backup", "ratio_small_files_to_aws_cli", "backup ≥ 2× the AWS CLI on 10,000 small files", 2, true),
            new Goal("backup", "ratio_large_file_to_aws_cli", "backup ≥ 1× the AWS CLI on a 1 GiB file", 1, true),
            new Goal("backup", "cli_peak_heap_mb", "backup client heap ≤ 256 MB", 256, false),
            new Goal("ui", "first_rows_ms", "dashboard first rows ≤ 1 s for 100,000 projects", 1000, false),
            new Goal(
                    "ui",
                    "event_to_cell_p99_ms",
                    "dashboard event-to-cell p99 ≤ 1 s at 200 completions/s",
                    1000,
                    false),
            new Goal("items", "items_per_s", "item statuses ≥ 50,000 items/s over HTTP NDJSON", 50_000, true),
            new Goal(
                    "items",
                    "remaining_p50_ms",
                    "remaining p50 ≤ 150 ms for 100,000 candidates (server-side)",
                    150,
                    false),
            new Goal("items", "ratio_to_processing_state", "items ≥ 10× the document's ProcessingState", 10, true),
            new Goal("planner", "p99_ms", "planner p99 ≤ 150 ms for 100,000 names (server-side)", 150, false),
            new Goal("planner", "config_list_server_p50_ms", "config list p50 ≤ 30 ms (server-side)", 30, false),
            new Goal("footprint", "max_start_s", "each service alone ready ≤ 3 s", 3, false),
            new Goal("footprint", "all_four_start_s", "all four ready ≤ 8 s", 8, false),
            new Goal("footprint", "max_idle_rss_mb", "idle RSS ≤ 200 MB each after the demo", 200, false),
            new Goal("footprint", "ledger_bench_peak_rss_mb", "ledger peak RSS ≤ 1 GB in the bench", 1024, false));

    private Goals() {}

    @SuppressWarnings("unchecked")
    static List<Verdict> check(Map<String, Object> results) {
        List<Verdict> out = new ArrayList<>();
        for (Goal g : ALL) {
            Object scenario = results.get(g.scenario());
            Object v = scenario instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(g.key()) : null;
            if (!(v instanceof Number n)) {
                out.add(new Verdict(g, null, "not measured"));
                continue;
            }
            double value = n.doubleValue();
            boolean met = g.atLeast() ? value >= g.target() : value <= g.target();
            String detail = met
                    ? "met"
                    : g.target() == 0
                            ? "missed: " + value
                            : "missed by " + Math.round(Math.abs(value - g.target()) / g.target() * 100) + "% (" + value
                                    + " vs " + g.target() + ")";
            out.add(new Verdict(g, value, detail));
        }
        return out;
    }
}
