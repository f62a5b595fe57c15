package dev.cairn.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.cli.CliContext;
import dev.cairn.cli.CliException;
import dev.cairn.cli.client.CairnHttp;
import dev.cairn.cli.config.ConnectionOptions;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Names;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn plan}: which projects to run, from the planner. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        header = "Which projects to run (from the planner).",
        description = {
            "Ask the planner which of the given projects to run. Prints one line per project to run, in input order;"
                    + " a summary goes to stderr. --json prints the planner's full answer (levels, skip_stages,"
                    + " skip_<stage>, reasons).",
            "Projects come from --projects a,b, from --projects-file FILE (one per line; blank lines and # comments"
                    + " skipped), or from stdin with '-'."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cairn plan --pipeline photogrammetry --skip-if-complete both --projects mission_001,mission_002",
            "  ls /data/missions | cairn plan --pipeline photogrammetry --skip-if-complete postprocess --fresh -",
            "  cairn plan --pipeline photogrammetry --skip-if-complete both --projects-file missions.txt --json"
        })
public final class PlanCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--pipeline", required = true)
    String pipeline;

    @Option(names = "--config-id", defaultValue = Names.DEFAULT_CONFIG_ID, description = "default: ${DEFAULT-VALUE}")
    String configId;

    @Option(
            names = "--skip-if-complete",
            required = true,
            paramLabel = "MODE",
            description = "none | a stage name (skip projects at that level or later) | both (skip complete projects,"
                    + " run the rest skipping their completed stages)")
    String mode;

    @Option(names = "--projects", split = ",", paramLabel = "NAME", description = "comma-separated project names")
    List<String> projects;

    @Option(names = "--projects-file", paramLabel = "FILE", description = "one project name per line")
    Path projectsFile;

    @Parameters(arity = "0..1", paramLabel = "-", description = "read project names from stdin")
    String stdin;

    @Option(names = "--fresh", description = "wait (bounded) until the planner has every completion recorded so far")
    boolean fresh;

    @Option(names = "--json", description = "print the planner's full answer")
    boolean json;

    @Mixin
    ConnectionOptions connection;

    public PlanCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Checks.names("--pipeline", pipeline, "--config-id", configId);
        List<String> names = names();
        CairnHttp planner = Clients.planner(connection.resolve(ctx.env()));
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("pipeline", pipeline);
        body.put("config_id", configId);
        body.put("skip_if_complete", mode);
        ArrayNode list = body.putArray("projects");
        names.forEach(list::add);
        CairnHttp.Answer a = planner.post(
                "/api/v1/plan" + (fresh ? "?fresh=true" : ""), "application/json", EmitCommand.bytes(body));
        if (!a.ok()) {
            throw planner.refused(a, "plan");
        }
        JsonNode answer = a.json();
        if (json) {
            ctx.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } else {
            for (JsonNode p : answer.path("projects")) {
                if (p.path("run").asBoolean()) {
                    ctx.out().println(p.path("project").asText());
                }
            }
        }
        JsonNode s = answer.path("summary");
        ctx.err()
                .println("# " + s.path("to_run").asInt() + " to run ("
                        + s.path("partial").asInt() + " partial), "
                        + s.path("skipped").asInt() + " skipped, of "
                        + s.path("requested").asInt() + "; as of "
                        + answer.path("as_of").asText());
        answer.path("warnings").forEach(w -> ctx.err().println("# warning: " + w.asText()));
        return 0;
    }

    private List<String> names() throws IOException {
        int sources = (projects != null ? 1 : 0) + (projectsFile != null ? 1 : 0) + (stdin != null ? 1 : 0);
        if (sources != 1) {
            throw CliException.usage(
                    "--projects",
                    "give the projects exactly one way: --projects a,b, --projects-file FILE, or - for stdin");
        }
        if (stdin != null && !stdin.equals("-")) {
            throw CliException.usage(stdin, "unexpected argument; use --projects-file FILE, or - to read stdin");
        }
        if (projects != null) {
            return projects.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        if (projectsFile != null) {
            try (InputStream in = Files.newInputStream(projectsFile)) {
                return lines(in);
            } catch (NoSuchFileException e) {
                throw CliException.usage("--projects-file", projectsFile + " does not exist");
            }
        }
        return lines(ctx.in());
    }

    private static List<String> lines(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                out.add(name);
            }
        }
        return out;
    }
}
