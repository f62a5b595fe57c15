package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code cairn run start|items|remaining|finish} against a running ledger, and the flush on SIGTERM. */
class RunIT {

    static CliTestStack stack;
    static String pipeline;

    @BeforeAll
    static void start() {
        stack = CliTestStack.get();
        pipeline = "runs-" + UUID.randomUUID().toString().substring(0, 8);
        stack.declare(pipeline, "process");
    }

    private static String[] startArgs(String project, String... extra) {
        String[] base = {
            "run",
            "start",
            "--pipeline",
            pipeline,
            "--project",
            project,
            "--stage",
            "process",
            "--source",
            "/photos",
            "--option",
            "suffixes=.jpg"
        };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    private static JsonNode run(String runId) throws Exception {
        return Json.mapper().readTree(stack.ledgerGet("/api/v1/runs/" + runId).body());
    }

    @Test
    void theDocumentsMainLoopWithTheCli() throws Exception {
        CliRun.Result started = CliRun.run(stack.env(), startArgs("p1", "--total", "4"));
        assertThat(started.exit()).as(started.toString()).isZero();
        String runId = started.out().trim();
        CliRun.Result items = CliRun.runWithInput(
                stack.env(),
                "a.json\tsuccess\tout/a.jpg\nb.json\terror\t\tInvalid JSON\n"
                        + "{\"item\": \"c.json\", \"status\": \"not_found\"}\n",
                "run",
                "items",
                "--run-id",
                runId);
        assertThat(items.exit()).as(items.toString()).isZero();
        assertThat(items.err()).contains("Processed: 3/4 (1 errors)");
        CliRun.Result resumed = CliRun.run(stack.env(), startArgs("p1", "--resume"));
        assertThat(resumed.out().trim()).isEqualTo(runId);
        assertThat(resumed.err()).contains("Resuming: skipping 1 already-processed items");
        CliRun.Result remaining = CliRun.runWithInput(
                stack.env(), "a.json\nb.json\nc.json\nd.json\n", "run", "remaining", "--run-id", runId, "-");
        assertThat(remaining.out()).isEqualTo("b.json\nc.json\nd.json\n");
        CliRun.Result changed = CliRun.run(stack.env(), startArgs("p1", "--resume", "--option", "q=90"));
        assertThat(changed.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(changed.err()).contains("fingerprint.options.q");
        CliRun.Result finished = CliRun.run(stack.env(), "run", "finish", "--run-id", runId, "--status", "completed");
        assertThat(finished.exit()).as(finished.toString()).isZero();
        assertThat(run(runId).path("state").asText()).isEqualTo("completed");
    }

    @Test
    void sigtermFlushesTheBufferedStatusesAndPrintsTheProgress() throws Exception {
        String runId = CliRun.run(stack.env(), startArgs("p2")).out().trim();
        Path out = Files.createTempFile("cairn-out", ".txt");
        Path err = Files.createTempFile("cairn-err", ".txt");
        Process items = CliRun.start(stack.env(), out, err, "run", "items", "--run-id", runId, "--batch", "100");
        OutputStream stdin = items.getOutputStream();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            lines.append("f").append(i).append(".json\tsuccess\n");
        }
        stdin.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        // two batches of 100 are sent; the last 50 lines stay buffered while stdin is open: SIGTERM must send them
        await().atMost(Duration.ofSeconds(60))
                .until(() -> run(runId).path("processed").asInt() == 200);
        items.destroy(); // SIGTERM
        assertThat(items.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(run(runId).path("processed").asInt()).isEqualTo(250);
        assertThat(Files.readString(err)).contains("Interrupted! Progress saved. Processed: 250/? (0 errors)");
    }
}
