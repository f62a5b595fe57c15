package dev.cairn.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CliContext;
import dev.cairn.cli.CliException;
import dev.cairn.cli.client.CairnHttp;
import dev.cairn.cli.client.LedgerApi;
import dev.cairn.cli.config.ConnectionOptions;
import dev.cairn.contracts.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn declare}: makes sure the ledger knows a pipeline's stages, in order. */
@Command(
        name = "declare",
        mixinStandardHelpOptions = true,
        header = "Declare a pipeline's stages in the ledger (idempotent).",
        description = {
            "Make sure the ledger knows --pipeline with --stages, in this order. The ledger refuses the events of an"
                    + " undeclared pipeline.",
            "When the ledger already has exactly these stages, nothing is written and any token that may read"
                    + " suffices (an emit token of a workflow, say). Otherwise the stages are written with PUT, which"
                    + " needs an admin token: created (201), or appended (200); a reorder or removal is refused (409,"
                    + " exit 1)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cairn declare --pipeline photogrammetry --stages metashape,postprocess",
            "  cairn declare --pipeline us_dw_hybrid_v1_2 --stages sync --token \"$CAIRN_ADMIN_TOKEN\""
        })
public final class DeclareCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--pipeline", required = true)
    String pipeline;

    @Option(
            names = "--stages",
            required = true,
            split = ",",
            paramLabel = "STAGE",
            description = "the stages in order, comma-separated")
    List<String> stages;

    @Mixin
    ConnectionOptions connection;

    public DeclareCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Checks.names("--pipeline", pipeline);
        List<String> wanted = new ArrayList<>();
        for (String s : stages) {
            String stage = s.strip();
            Checks.names("--stages", stage);
            if (stage.isEmpty() || wanted.contains(stage)) {
                throw CliException.usage("--stages", "'" + String.join(",", stages) + "': empty or repeated stage");
            }
            wanted.add(stage);
        }
        LedgerApi ledger = Clients.ledger(connection.resolve(ctx.env()));
        CairnHttp http = ledger.http();
        CairnHttp.Answer known = http.get("/api/v1/pipelines/" + pipeline);
        if (known.ok()) {
            List<String> current = new ArrayList<>();
            known.json().path("stages").forEach(s -> current.add(s.asText()));
            if (current.equals(wanted)) {
                ctx.out().println("pipeline " + pipeline + " is declared: " + String.join(", ", wanted));
                return 0;
            }
        } else if (known.status() != 404) {
            throw http.refused(known, "pipeline " + pipeline);
        }
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode list = body.putArray("stages");
        wanted.forEach(list::add);
        CairnHttp.Answer a = http.put("/api/v1/pipelines/" + pipeline, "application/json", EmitCommand.bytes(body));
        if (a.status() == 403) {
            throw CliException.usage(
                    "--token",
                    "the ledger refused to write pipeline " + pipeline + " (HTTP 403): declaring or changing a"
                            + " pipeline needs an admin token (or declare it at the ledger's start, through"
                            + " CAIRN_LEDGER_PIPELINES_FILE)");
        }
        if (a.status() == 409) {
            throw CliException.failed(
                    "pipeline " + pipeline + ": the ledger refused these stages (HTTP 409): " + CairnHttp.errorText(a));
        }
        if (!a.ok()) {
            throw http.refused(a, "pipeline " + pipeline);
        }
        ctx.out()
                .println("pipeline " + pipeline + (a.status() == 201 ? " declared: " : " updated: ")
                        + String.join(", ", wanted));
        return 0;
    }
}
