package dev.cairn.cli.command;

import dev.cairn.cli.CliContext;
import dev.cairn.cli.CliException;
import dev.cairn.cli.client.CairnHttp;
import dev.cairn.cli.config.ConnectionOptions;
import dev.cairn.contracts.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn config-list}: the remaining lines of a config list, as {@code generate_remaining_configs.py} prints them. */
@Command(
        name = "config-list",
        mixinStandardHelpOptions = true,
        header = "The remaining lines of a config list (generate_remaining_configs.py).",
        description = {
            "Print the lines of a config list whose project has not reached --level, exactly as"
                    + " generate_remaining_configs.py prints them (comments kept, order kept), with its"
                    + " '# N remaining, M completed' line on stderr. FILE '-' reads stdin."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cairn config-list --pipeline photogrammetry --level postprocess batch1.txt > batch1-remaining.txt",
            "  cairn config-list --pipeline photogrammetry --level metashape --config-id hq -o remaining.txt batch1.txt"
        })
public final class ConfigListCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--pipeline", required = true)
    String pipeline;

    @Option(
            names = "--level",
            paramLabel = "STAGE",
            description = "the stage a project must have reached (default: the final stage)")
    String level;

    @Option(names = "--config-id", defaultValue = Names.DEFAULT_CONFIG_ID, description = "default: ${DEFAULT-VALUE}")
    String configId;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "write the remaining lines here instead of stdout")
    Path output;

    @Option(names = "--fresh", description = "wait (bounded) until the planner has every completion recorded so far")
    boolean fresh;

    @Parameters(index = "0", paramLabel = "FILE", description = "the config list, or - for stdin")
    String file;

    @Mixin
    ConnectionOptions connection;

    public ConfigListCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Checks.names("--pipeline", pipeline, "--level", level, "--config-id", configId);
        byte[] body;
        try {
            body = file.equals("-") ? ctx.in().readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw CliException.usage(file, "the config list does not exist");
        }
        CairnHttp planner = Clients.planner(connection.resolve(ctx.env()));
        String query = "/api/v1/plan/config-list?pipeline=" + pipeline + "&config_id=" + configId
                + (level != null ? "&level=" + level : "") + (fresh ? "&fresh=true" : "");
        CairnHttp.Answer a = planner.post(query, "text/plain; charset=utf-8", body);
        if (!a.ok()) {
            throw planner.refused(a, "config list " + file);
        }
        String remaining = a.header("Cairn-Remaining");
        if (output != null) {
            Files.write(output, a.body());
            ctx.err().println("Wrote " + remaining + " remaining configs to " + output);
        } else {
            ctx.out().write(a.body());
            ctx.out().flush();
            ctx.err().println("# " + remaining + " remaining, " + a.header("Cairn-Completed") + " completed");
        }
        return 0;
    }
}
