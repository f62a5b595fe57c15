package dev.cairn.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CliContext;
import dev.cairn.cli.CliException;
import dev.cairn.cli.client.CairnHttp;
import dev.cairn.cli.config.ConnectionOptions;
import dev.cairn.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn run finish}: ends a run; the ledger emits the stage's completed or failed event. */
@Command(
        name = "finish",
        mixinStandardHelpOptions = true,
        header = "Finish a run (emits stage.completed or stage.failed).",
        description = {"Prints the run's final progress, e.g. \"55000/55000 (150 errors)\"."})
public final class RunFinishCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--run-id", required = true)
    String runId;

    @Option(names = "--status", required = true, description = "completed or failed")
    String status;

    @Option(names = "--error", description = "why the run failed")
    String error;

    @Mixin
    ConnectionOptions connection;

    public RunFinishCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Checks.names("--run-id", runId);
        if (!"completed".equals(status) && !"failed".equals(status)) {
            throw CliException.usage("--status", "must be completed or failed");
        }
        ObjectNode body = Json.mapper().createObjectNode().put("status", status);
        if (error != null) {
            body.put("error", error);
        }
        CairnHttp http = Clients.ledger(connection.resolve(ctx.env())).http();
        CairnHttp.Answer a = http.post(
                "/api/v1/runs/" + runId + "/finish",
                "application/json",
                body.toString().getBytes(StandardCharsets.UTF_8));
        if (a.status() == 409) {
            throw CliException.failed(CairnHttp.errorText(a));
        }
        if (!a.ok()) {
            throw http.refused(a, "finishing run " + runId);
        }
        ctx.out()
                .println(runId + " " + a.json().path("state").asText() + ": "
                        + a.json().path("progress").asText());
        return 0;
    }
}
