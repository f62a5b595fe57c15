package dev.cairn.bench;

import dev.cairn.contracts.Change;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.StageState;
import dev.cairn.devstack.AppProcess;
import dev.cairn.local.CairnCluster;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium over a planner whose view holds a pipeline of P projects (100,000 by default):
 * time to first rows (the page's {@code cairn-first-rows} performance mark, from navigation start), frame times while
 * scrolling the whole grid (requestAnimationFrame deltas), the rows in the DOM, and event-to-cell latency: for
 * {@code seconds} completions are published at {@code rate}/s straight to the view's topic, one in twenty for a
 * project on screen; its cell's update is logged by the page with the record's {@code recorded_at}, and the delay from
 * the send to the DOM update is the latency (one clock: both run on this machine).
 */
final class UiBench {

    static final String TOPIC = "bench.ui-completions";
    static final String PIPELINE = "uibench";
    static final List<String> STAGES = List.of("metashape", "postprocess");
    static final int RATE = 200;
    static final int SECONDS = 15;

    private final BenchContext ctx;

    UiBench(BenchContext ctx) {
        this.ctx = ctx;
    }

    Map<String, Object> run() throws Exception {
        int projects = ctx.sizes.uiProjects();
        List<CompletionRecorded> records = new ArrayList<>(projects);
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        Random random = new Random(11);
        for (int i = 0; i < projects; i++) {
            records.add(record(name(i), random.nextInt(3), t.plusMillis(i), 1));
        }
        Kafka.produce(
                ctx.stack.settings().kafkaBootstrapServers(),
                TOPIC,
                records,
                CompletionRecorded::key,
                MarkerBench::bytes);
        records.clear();
        ctx.log("ui: %,d projects in %s", projects, TOPIC);
        AppProcess planner = ctx.start(
                CairnCluster.Service.PLANNER, "planner-ui-bench", null, Map.of("CAIRN_PLANNER_TOPIC", TOPIC), "1g");
        WebDriver browser = chromium();
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("projects", projects);
            browser.get(planner.baseUrl() + "/ui/");
            js(browser, "sessionStorage.setItem('cairn.token', arguments[0])", BenchContext.TOKEN);
            List<Double> firstRows = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                browser.get("about:blank");
                browser.get(planner.baseUrl() + "/ui/#/grid?pipeline=" + PIPELINE);
                firstRows.add(waitForNumber(
                        browser,
                        "const m = performance.getEntriesByName('cairn-first-rows');"
                                + " return m.length ? m[0].startTime : null;"));
            }
            out.put("first_rows_ms_runs", firstRows);
            out.put(
                    "first_rows_ms",
                    firstRows.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            out.putAll(scroll(browser));
            out.putAll(eventToCell(browser, projects));
            ctx.log("ui: %s", out);
            return out;
        } finally {
            browser.quit();
            planner.stop(15);
        }
    }

    /** Scrolls the grid from top to bottom over 240 animation frames; frame-time percentiles and rows in the DOM. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> scroll(WebDriver browser) {
        Map<String, Object> r = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const el = document.getElementById('grid-scroll');
                const frames = []; let last = null; let n = 0; let maxRows = 0;
                function step(ts) {
                  if (last !== null) frames.push(ts - last);
                  last = ts;
                  el.scrollTop = (el.scrollHeight - el.clientHeight) * (n / 240);
                  maxRows = Math.max(maxRows, document.querySelectorAll('#grid-spacer a.grid-row').length);
                  if (n++ < 240) requestAnimationFrame(step);
                  else { el.scrollTop = 0; frames.sort((a, b) => a - b);
                    const q = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
                    done({frame_p50_ms: q(0.5), frame_p95_ms: q(0.95), frame_max_ms: frames[frames.length - 1],
                          max_rows_in_dom: maxRows, scroll_height_px: el.scrollHeight}); }
                }
                requestAnimationFrame(step);
                """);
        return r;
    }

    /** Publishes {@link #RATE}/s for {@link #SECONDS} s; every 20th record is for one of the first 20 rows on screen. */
    private Map<String, Object> eventToCell(WebDriver browser, int projects) throws Exception {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> Boolean.TRUE.equals(js(
                        d,
                        "return document.getElementById('live').dataset.state === 'live'"
                                + " && document.querySelectorAll('#grid-spacer a.grid-row').length > 20")));
        js(browser, "window.__cairnCells.length = 0");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.stack.settings().kafkaBootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        Map<String, Long> sentAt = new HashMap<>();
        Map<String, Integer> versions = new HashMap<>();
        Random random = new Random(5);
        Instant base = Instant.parse("2026-04-01T00:00:00Z");
        int total = RATE * SECONDS;
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / RATE);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                String project = i % 20 == 0 ? name((i / 20) % 20) : name(20 + random.nextInt(projects - 20));
                int version = versions.merge(project, 1, Integer::sum) + 1;
                Instant recorded = base.plusMillis(i);
                CompletionRecorded r = record(project, 1 + (version % 2), recorded.minusMillis(5), version);
                sentAt.put(project + "@" + recorded, System.currentTimeMillis());
                producer.send(new ProducerRecord<>(TOPIC, r.key(), MarkerBench.bytes(r)));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(2000);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cells = (List<Map<String, Object>>) js(browser, "return window.__cairnCells");
        List<Double> latencies = new ArrayList<>();
        for (Map<String, Object> c : cells) {
            Long sent = sentAt.get(c.get("project") + "@" + c.get("changed"));
            if (sent != null) {
                latencies.add(((Number) c.get("at")).doubleValue() - sent);
            }
        }
        Stats stats = new Stats(latencies);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("published", total);
        out.put("publish_rate_per_s", total / seconds);
        out.put("on_screen_updates_seen", latencies.size());
        out.put("on_screen_updates_sent", total / 20);
        out.put("event_to_cell_p50_ms", stats.median());
        out.put("event_to_cell_p99_ms", stats.percentile(99));
        out.put("event_to_cell_max_ms", stats.max());
        return out;
    }

    static String name(int i) {
        return String.format("m%07d", i);
    }

    /** A state with {@code done} stages complete (0..2), the next one running when there is one. */
    static CompletionRecorded record(String project, int done, Instant at, long version) {
        Map<String, StageState> states = new LinkedHashMap<>();
        for (int s = 0; s < STAGES.size(); s++) {
            if (s < done) {
                states.put(STAGES.get(s), new StageState(StageState.COMPLETED, at, at, "bench", 1));
            } else if (s == done) {
                states.put(STAGES.get(s), new StageState(StageState.STARTED, null, null, "bench", 1));
            }
        }
        String level = done == 0 ? null : STAGES.get(done - 1);
        Change change =
                new Change("stage.completed", STAGES.get(Math.max(0, done - 1)), "bench", at, null, null, null, null);
        return new CompletionRecorded(
                CompletionRecorded.SCHEMA,
                "ui-" + project + "-" + version,
                PIPELINE,
                project,
                "default",
                STAGES,
                level,
                states,
                change,
                at.plusMillis(5),
                version);
    }

    static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        return new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort()
                        .build(),
                options);
    }

    private static Object js(WebDriver d, String script, Object... args) {
        return ((JavascriptExecutor) d).executeScript(script, args);
    }

    private static double waitForNumber(WebDriver browser, String script) {
        Object v = new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> js(d, script));
        return ((Number) v).doubleValue();
    }
}
