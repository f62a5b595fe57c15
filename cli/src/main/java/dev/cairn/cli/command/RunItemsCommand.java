package dev.cairn.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CliContext;
import dev.cairn.cli.CliException;
import dev.cairn.cli.client.CairnHttp;
import dev.cairn.cli.config.ConnectionOptions;
import dev.cairn.contracts.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cairn run items}: item statuses from stdin to the ledger, in batches; what is buffered is sent at the end
 * and on SIGINT/SIGTERM (a shutdown hook: the document's interrupt handler), then the progress string is printed.
 */
@Command(
        name = "items",
        mixinStandardHelpOptions = true,
        header = "Send item statuses read on stdin.",
        description = {
            "Reads NDJSON lines {\"item\", \"status\", \"output\"?, \"error\"?, \"at\"?} or tab-separated lines"
                    + " item<TAB>status[<TAB>output[<TAB>error]] on stdin; status is success, error, not_found or"
                    + " skipped. Sends them in batches (--batch, at most 10,000), and the rest at the end or when"
                    + " interrupted (Ctrl+C, SIGTERM); prints the run's progress, e.g. \"Processed: 32000/55000 (150"
                    + " errors)\", on stderr."
        })
public final class RunItemsCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--run-id", required = true)
    String runId;

    @Option(names = "--batch", defaultValue = "1000", description = "lines per request (default: ${DEFAULT-VALUE})")
    int batch;

    @Mixin
    ConnectionOptions connection;

    private final List<String> pending = new ArrayList<>();
    private CairnHttp http;
    private String progress = "";
    private long sent;

    public RunItemsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Checks.names("--run-id", runId);
        if (batch < 1 || batch > 10_000) {
            throw CliException.usage("--batch", "must be between 1 and 10000");
        }
        http = Clients.ledger(connection.resolve(ctx.env())).http();
        Thread hook = new Thread(this::interrupted, "cairn-run-items-flush");
        Runtime.getRuntime().addShutdownHook(hook);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8))) {
            int number = 0;
            for (String line; (line = in.readLine()) != null; ) {
                number++;
                if (!line.isBlank()) {
                    add(toJson(line, number));
                }
            }
            flush();
        } finally {
            removeHook(hook);
        }
        ctx.err().println("Processed: " + progress + " (" + sent + " lines sent)");
        return 0;
    }

    /** The shutdown hook: send what is buffered, say how far the run got. */
    private void interrupted() {
        try {
            flush();
            ctx.err().println("Interrupted! Progress saved. Processed: " + progress + " (" + sent + " lines sent)");
        } catch (RuntimeException e) {
            ctx.err().println("Interrupted! The last " + pending.size() + " statuses were not sent: " + e.getMessage());
        }
    }

    private synchronized void add(String json) {
        pending.add(json);
        if (pending.size() >= batch) {
            flush();
        }
    }

    private synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        byte[] body = (String.join("\n", pending) + "\n").getBytes(StandardCharsets.UTF_8);
        CairnHttp.Answer a = http.post("/api/v1/runs/" + runId + "/items", "application/x-ndjson", body);
        if (!a.ok()) {
            throw http.refused(a, "item statuses of run " + runId);
        }
        sent += pending.size();
        pending.clear();
        progress = a.json().path("progress").asText();
    }

    /** An NDJSON line as is, or a tab-separated one as JSON. */
    static String toJson(String line, int number) {
        if (line.startsWith("{")) {
            return line;
        }
        String[] f = line.split("\t", -1);
        if (f.length < 2) {
            throw CliException.usage("stdin", "line " + number + " is neither JSON nor item<TAB>status[<TAB>output]");
        }
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("item", f[0]);
        o.put("status", f[1]);
        if (f.length > 2 && !f[2].isEmpty()) {
            o.put("output", f[2]);
        }
        if (f.length > 3 && !f[3].isEmpty()) {
            o.put("error", f[3]);
        }
        return o.toString();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }
}
