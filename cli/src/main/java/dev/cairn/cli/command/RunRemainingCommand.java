package dev.cairn.cli.command;

import dev.cairn.cli.CliContext;
import dev.cairn.cli.CliException;
import dev.cairn.cli.client.CairnHttp;
import dev.cairn.cli.config.ConnectionOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn run remaining}: the candidate names a run has not done yet, in input order. */
@Command(
        name = "remaining",
        mixinStandardHelpOptions = true,
        header = "Print the candidates a run has not done yet.",
        description = {
            "Reads candidate names (one per line) from FILE or stdin (-) and prints those that are not a success yet,"
                    + " in input order. --no-retry-errors also leaves out items in error; --verify-outputs checks"
                    + " that each recorded s3:// output still exists and counts a missing one as remaining."
        })
public final class RunRemainingCommand implements Callable<Integer> {

    /** Candidates per request. */
    static final int CHUNK = 100_000;

    private final CliContext ctx;

    @Option(names = "--run-id", required = true)
    String runId;

    @Option(names = "--no-retry-errors", description = "leave out the items in error")
    boolean noRetryErrors;

    @Option(names = "--verify-outputs", description = "HEAD each recorded s3:// output; a missing one remains")
    boolean verifyOutputs;

    @Parameters(arity = "0..1", paramLabel = "FILE|-", defaultValue = "-")
    String file;

    @Mixin
    ConnectionOptions connection;

    public RunRemainingCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Checks.names("--run-id", runId);
        CairnHttp http = Clients.ledger(connection.resolve(ctx.env())).http();
        String path = "/api/v1/runs/" + runId + "/remaining?retry_errors=" + !noRetryErrors + "&verify_outputs="
                + verifyOutputs;
        try (InputStream input = "-".equals(file) ? ctx.in() : Files.newInputStream(Path.of(file));
                BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            StringBuilder chunk = new StringBuilder();
            int count = 0;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    continue;
                }
                chunk.append(line).append('\n');
                if (++count == CHUNK) {
                    send(http, path, chunk);
                    count = 0;
                }
            }
            send(http, path, chunk);
        } catch (NoSuchFileException e) {
            throw CliException.usage("FILE", "no such file: " + file);
        }
        ctx.out().flush();
        return 0;
    }

    private void send(CairnHttp http, String path, StringBuilder chunk) {
        if (chunk.length() == 0) {
            return;
        }
        CairnHttp.Answer a = http.post(path, "text/plain", chunk.toString().getBytes(StandardCharsets.UTF_8));
        if (!a.ok()) {
            throw http.refused(a, "remaining of run " + runId);
        }
        ctx.out().print(a.text());
        chunk.setLength(0);
    }
}
