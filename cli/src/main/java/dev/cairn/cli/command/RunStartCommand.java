package dev.cairn.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CliContext;
import dev.cairn.cli.CliException;
import dev.cairn.cli.client.CairnHttp;
import dev.cairn.cli.config.ConnectionOptions;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn run start}: a new run, or the one to resume; prints its id. */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        header = "Start or resume a run; print its id.",
        description = {
            "Prints the run id on stdout and what happened on stderr (\"Resuming: skipping N already-processed"
                    + " items\"). Neither flag: a new run. --resume: the latest unfinished run of the project's stage,"
                    + " else a new one. --run-id: that run. --force: a new run ignoring earlier state."
                    + " --resume --force: the same run with every item status cleared. A resumed run whose --source or"
                    + " --option values changed is refused (exit 1, each difference listed) unless --force."
        })
public final class RunStartCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--pipeline", required = true)
    String pipeline;

    @Option(names = "--project", required = true)
    String project;

    @Option(names = "--config-id", defaultValue = Names.DEFAULT_CONFIG_ID, description = "default: ${DEFAULT-VALUE}")
    String configId;

    @Option(names = "--stage", required = true)
    String stage;

    @Option(names = "--source", required = true, description = "the run's input (part of its fingerprint)")
    String source;

    @Option(
            names = "--option",
            paramLabel = "KEY=VALUE",
            description = "an option of the run (part of its fingerprint)")
    List<String> options = new ArrayList<>();

    @Option(names = "--total", description = "how many items the run has (for the progress string)")
    Long total;

    @Option(names = "--resume")
    boolean resume;

    @Option(names = "--force")
    boolean force;

    @Option(names = "--run-id")
    String runId;

    @Mixin
    ConnectionOptions connection;

    public RunStartCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Checks.names(
                "--pipeline",
                pipeline,
                "--project",
                project,
                "--config-id",
                configId,
                "--stage",
                stage,
                "--run-id",
                runId);
        ObjectNode req = Json.mapper().createObjectNode();
        req.put("pipeline", pipeline);
        req.put("project", project);
        req.put("config_id", configId);
        req.put("stage", stage);
        ObjectNode fp = req.putObject("fingerprint");
        fp.put("source", source);
        ObjectNode opts = fp.putObject("options");
        for (String pair : options) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("--option", "'" + pair + "' is not KEY=VALUE");
            }
            opts.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        if (total != null) {
            req.put("total_items", total);
        }
        req.put("resume", resume);
        req.put("force", force);
        if (runId != null) {
            req.put("run_id", runId);
        }
        CairnHttp http = Clients.ledger(connection.resolve(ctx.env())).http();
        CairnHttp.Answer a = http.post(
                "/api/v1/runs", "application/json", req.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (a.status() == 409) {
            throw CliException.failed("refused: " + CairnHttp.errorText(a));
        }
        if (!a.ok()) {
            throw http.refused(a, "starting the run");
        }
        JsonNode answer = a.json();
        ctx.out().println(answer.path("run_id").asText());
        ctx.err().println(answer.path("message").asText());
        return 0;
    }
}
