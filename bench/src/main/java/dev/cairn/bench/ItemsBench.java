package dev.cairn.bench;

import dev.cairn.devstack.AppProcess;
import dev.cairn.local.CairnCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario {@code items} (issue 15): item statuses of one run through {@code POST /api/v1/runs/{id}/items} (NDJSON,
 * 10,000 lines per request, 4 senders), {@code remaining} for candidates over that run (server-side time from the
 * {@code Server-Timing} header), and the document's own {@code ProcessingState} class (rewriting its JSON file every
 * 100 items) as the baseline. Sizes follow the ledger scenario's: 1,000,000 items in the full run (50,000 with
 * {@code --quick}), a tenth of that as candidates, and 55,000 items for the baseline (5,500 with {@code --quick}).
 */
final class ItemsBench {

    static final String PIPELINE = "resume";
    private static final int BATCH = 10_000;
    private static final int SENDERS = 4;
    private static final int REMAINING_REQUESTS = 20;

    private final BenchContext ctx;
    private final HttpClient http = HttpClient.newHttpClient();

    ItemsBench(BenchContext ctx) {
        this.ctx = ctx;
    }

    Map<String, Object> run() throws Exception {
        int items = ctx.sizes.ledgerEvents();
        int candidates = Math.max(1_000, items / 10);
        int baselineItems = items >= 1_000_000 ? 55_000 : 5_500;
        Map<String, Object> out = new LinkedHashMap<>();
        String db = "cairn_bench_items";
        ctx.freshDatabase(db);
        Path pipelines = ctx.work.resolve("items-pipelines.json");
        Files.writeString(pipelines, "{\"" + PIPELINE + "\": [\"process\"]}");
        AppProcess ledger = ctx.start(
                CairnCluster.Service.LEDGER,
                "ledger-items",
                db,
                Map.of("CAIRN_LEDGER_PIPELINES_FILE", pipelines.toString()),
                "1g");
        try {
            String url = ledger.baseUrl();
            String run = startRun(url, items);
            double perSecond = ingest(url, run, items);
            out.put("items", items);
            out.put("items_per_s", Stats.round(perSecond, 0));
            ctx.log("items: %,d statuses over HTTP NDJSON at %,.0f items/s", items, perSecond);
            Stats remaining = remaining(url, run, items, candidates);
            out.put("remaining_candidates", candidates);
            out.put("remaining_p50_ms", Stats.round(remaining.median(), 1));
            out.put("remaining_p99_ms", Stats.round(remaining.percentile(99), 1));
            ctx.log(
                    "items: remaining of %,d candidates over %,d items: p50 %.1f ms, p99 %.1f ms (server-side)",
                    candidates, items, remaining.median(), remaining.percentile(99));
        } finally {
            ledger.stop(30);
        }
        double python = baseline(baselineItems);
        out.put("baseline_items", baselineItems);
        out.put("baseline_items_per_s", Stats.round(python, 0));
        out.put(
                "ratio_to_processing_state",
                Stats.round((Double.parseDouble(out.get("items_per_s").toString())) / python, 2));
        ctx.log("items baseline: the document's ProcessingState, %,d items at %,.0f items/s", baselineItems, python);
        return out;
    }

    private String startRun(String url, int items) throws Exception {
        String body = "{\"pipeline\":\"" + PIPELINE + "\",\"project\":\"bench\",\"stage\":\"process\","
                + "\"fingerprint\":{\"source\":\"/bench\",\"options\":{}},\"total_items\":" + items + "}";
        HttpResponse<String> r = post(url + "/api/v1/runs", "application/json", body);
        LedgerBench.check(r.statusCode() == 201, "run started: " + r.body());
        String marker = "\"run_id\":\"";
        int at = r.body().indexOf(marker) + marker.length();
        return r.body().substring(at, r.body().indexOf('"', at));
    }

    static String name(int i) {
        return String.format("photos/2024/IMG_%07d.json", i);
    }

    private double ingest(String url, String run, int items) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        long t0 = System.nanoTime();
        try {
            List<Future<Void>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                senders.add(pool.submit(() -> {
                    for (int from; (from = next.getAndAdd(BATCH)) < items; ) {
                        StringBuilder body = new StringBuilder(BATCH * 90);
                        for (int i = from; i < Math.min(items, from + BATCH); i++) {
                            body.append("{\"item\":\"")
                                    .append(name(i))
                                    .append("\",\"status\":\"")
                                    .append(i % 100 == 7 ? "error" : "success")
                                    .append("\",\"output\":\"s3://out/")
                                    .append(i)
                                    .append(".jpg\"}\n");
                        }
                        HttpResponse<String> r =
                                post(url + "/api/v1/runs/" + run + "/items", "application/x-ndjson", body.toString());
                        LedgerBench.check(r.statusCode() == 200, "items accepted: " + r.body());
                    }
                    return null;
                }));
            }
            for (Future<Void> f : senders) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return items / ((System.nanoTime() - t0) / 1e9);
    }

    private Stats remaining(String url, String run, int items, int candidates) throws Exception {
        Random random = new Random(15);
        List<Double> samples = new ArrayList<>();
        for (int n = 0; n < REMAINING_REQUESTS; n++) {
            StringBuilder body = new StringBuilder(candidates * 32);
            for (int c = 0; c < candidates; c++) {
                body.append(name(random.nextInt(items + items / 10))).append('\n');
            }
            HttpResponse<String> r = post(url + "/api/v1/runs/" + run + "/remaining", "text/plain", body.toString());
            LedgerBench.check(r.statusCode() == 200, "remaining answered: " + r.statusCode());
            String timing = r.headers().firstValue("Server-Timing").orElseThrow();
            samples.add(Double.parseDouble(timing.substring(timing.indexOf("dur=") + 4)));
        }
        return new Stats(samples);
    }

    private HttpResponse<String> post(String uri, String type, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .header("Authorization", "Bearer " + BenchContext.TOKEN)
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The document's ProcessingState class and main loop, verbatim but for the processing, for {@code n} items. */
    private double baseline(int n) throws Exception {
        Path dir = Files.createDirectories(ctx.work.resolve("items-baseline"));
        Path script = dir.resolve("processing_state.py");
        Files.writeString(script, PROCESSING_STATE);
        PythonScript.Run r = PythonScript.run(
                script,
                List.of(dir.toString(), Integer.toString(n)),
                Map.of(),
                dir.resolve("stdout.txt"),
                dir.resolve("stderr.txt"));
        LedgerBench.check(r.exit() == 0, "the baseline script ran: " + Files.readString(r.stderr()));
        return n / r.seconds();
    }

    private static final String PROCESSING_STATE = """
            import json, os, sys
            from datetime import datetime

            class ProcessingState:
                \"\"\"Track processing progress for resume capability.\"\"\"

                def __init__(self, output_path):
                    self.state_file = os.path.join(output_path, "processing_state.json")
                    self.state = self._load_or_create()

                def _load_or_create(self):
                    if os.path.exists(self.state_file):
                        with open(self.state_file, 'r', encoding='utf-8') as f:
                            return json.load(f)
                    return {
                        "version": 1,
                        "source_path": None,
                        "started": datetime.now().isoformat(),
                        "last_updated": None,
                        "processed_jsons": {},
                        "unprocessed_files": [],
                        "stats": {"total_jsons": 0, "processed": 0, "errors": 0, "skipped": 0}
                    }

                def is_processed(self, json_path):
                    return json_path in self.state["processed_jsons"]

                def mark_processed(self, json_path, output_file, status="success", error=None):
                    self.state["processed_jsons"][json_path] = {
                        "status": status,
                        "output_file": output_file,
                        "timestamp": datetime.now().isoformat()
                    }
                    if error:
                        self.state["processed_jsons"][json_path]["error"] = error
                    self.state["stats"]["processed"] += 1
                    if status == "error":
                        self.state["stats"]["errors"] += 1

                def save(self):
                    self.state["last_updated"] = datetime.now().isoformat()
                    with open(self.state_file, 'w', encoding='utf-8') as f:
                        json.dump(self.state, f, indent=2)

                def get_progress(self):
                    stats = self.state["stats"]
                    return f"{stats['processed']}/{stats['total_jsons']} ({stats['errors']} errors)"

            saveto, n = sys.argv[1], int(sys.argv[2])
            if os.path.exists(os.path.join(saveto, "processing_state.json")):
                os.remove(os.path.join(saveto, "processing_state.json"))
            jsons = ["photos/2024/IMG_%07d.json" % i for i in range(n)]
            state = ProcessingState(saveto)
            state.state["source_path"] = "/bench"
            state.state["stats"]["total_jsons"] = len(jsons)
            jsons_to_process = [j for j in jsons if not state.is_processed(j)]
            for i, jsonpath in enumerate(jsons_to_process):
                if i % 100 == 7:
                    state.mark_processed(jsonpath, None, status="error", error="Invalid JSON")
                else:
                    state.mark_processed(jsonpath, "s3://out/%d.jpg" % i, status="success")
                if state.state["stats"]["processed"] % 100 == 0:
                    state.save()
            state.save()
            print(state.get_progress())
            """;
}
