package dev.cairn.cli;

import dev.cairn.cli.command.BackupCommand;
import dev.cairn.cli.command.ConfigListCommand;
import dev.cairn.cli.command.DeclareCommand;
import dev.cairn.cli.command.EmitCommand;
import dev.cairn.cli.command.PlanCommand;
import dev.cairn.cli.command.RunCommand;
import dev.cairn.cli.command.RunFinishCommand;
import dev.cairn.cli.command.RunItemsCommand;
import dev.cairn.cli.command.RunRemainingCommand;
import dev.cairn.cli.command.RunStartCommand;
import dev.cairn.cli.command.StatusCommand;
import dev.cairn.cli.command.WaitCommand;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn}: the command-line client of Cairn for pipeline steps (Argo, Airflow, shell scripts). */
@Command(
        name = "cairn",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Tell Cairn what a pipeline step did, ask what remains, wait for a stage, and back up a run's artifacts to S3.",
            "",
            "Settings come from flags, else the environment (CAIRN_LEDGER_URL, CAIRN_PLANNER_URL, CAIRN_TOKEN,"
                    + " KAFKA_BOOTSTRAP_SERVERS, the AWS SDK's AWS_* variables), else ~/.config/cairn/config.yaml."
        },
        commandListHeading = "%nCommands:%n",
        footerHeading = "%nExamples:%n",
        footer = {
            "  cairn emit completed --pipeline photogrammetry --project mission_001 --stage metashape --run-id wf-42",
            "  cairn plan --pipeline photogrammetry --skip-if-complete both --projects mission_001,mission_002",
            "  cairn config-list --pipeline photogrammetry --level postprocess batch1.txt > remaining.txt",
            "  cairn wait --pipeline photogrammetry --project mission_001 --timeout 2h",
            "  cairn status --pipeline photogrammetry --project mission_001",
            "  cairn run remaining --run-id \"$RUN\" all.txt | ./process.sh | cairn run items --run-id \"$RUN\"",
            "  cairn backup --config config.yaml --folder /data/projects/RMI25320 --project-key RMI25320 \\",
            "               --include config logs report --timestamp --pipeline photogrammetry --stage postprocess",
            "",
            "Exit codes: 0 ok; 1 the thing asked about failed (a failed stage, a refused backup, no record);"
                    + " 2 usage or validation error (the message names the bad flag); 3 Cairn or S3 unreachable"
                    + " after retries; 4 timeout."
        })
public final class Cairn implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a command is required: emit, plan, config-list, wait, status, backup or run");
    }

    public static void main(String[] args) {
        Logging.configure(System.getenv());
        // keep a connection per upload worker alive (HttpURLConnection keeps 5 per host by default)
        System.setProperty("http.maxConnections", "64");
        System.exit(run(
                args, new CliContext(System.getenv(), System.in, System.out, System.err, System.console() != null)));
    }

    /** Runs {@code args} and returns the exit code (never calls {@link System#exit}). */
    public static int run(String[] args, CliContext ctx) {
        return commandLine(ctx, args.length > 0 ? args[0] : null).execute(args);
    }

    /** The whole command line, every subcommand in it. */
    public static CommandLine commandLine(CliContext ctx) {
        return commandLine(ctx, null);
    }

    /**
     * The command line with only the subcommand {@code first} names, when it names one: picocli builds a command's model
     * from its annotations by reflection, about 0.1 s of CPU at start-up for all of them, which a run of one command does
     * not need. Anything else ({@code --help}, {@code --version}, a mistyped command) gets every subcommand, for the
     * command list and the suggestions.
     */
    static CommandLine commandLine(CliContext ctx, String first) {
        Map<String, Supplier<Object>> commands = subcommands(ctx);
        CommandLine cl = new CommandLine(new Cairn());
        if (first != null && commands.containsKey(first)) {
            cl.addSubcommand(first, commands.get(first).get());
        } else {
            commands.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        return configure(cl, ctx);
    }

    private static Map<String, Supplier<Object>> subcommands(CliContext ctx) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("emit", () -> new EmitCommand(ctx));
        commands.put("plan", () -> new PlanCommand(ctx));
        commands.put("config-list", () -> new ConfigListCommand(ctx));
        commands.put("wait", () -> new WaitCommand(ctx));
        commands.put("status", () -> new StatusCommand(ctx));
        commands.put("declare", () -> new DeclareCommand(ctx));
        commands.put("backup", () -> new BackupCommand(ctx));
        commands.put(
                "run",
                () -> new CommandLine(new RunCommand())
                        .addSubcommand("start", new RunStartCommand(ctx))
                        .addSubcommand("items", new RunItemsCommand(ctx))
                        .addSubcommand("remaining", new RunRemainingCommand(ctx))
                        .addSubcommand("finish", new RunFinishCommand(ctx)));
        return commands;
    }

    private static CommandLine configure(CommandLine cl, CliContext ctx) {
        PrintStream err = ctx.err();
        cl.setOut(new java.io.PrintWriter(ctx.out(), true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpWidth(110);
        cl.setParameterExceptionHandler((e, args) -> {
            String name = e.getCommandLine().getCommandSpec().qualifiedName();
            err.println(name + ": " + e.getMessage());
            List<String> unknown = e.getCommandLine().getUnmatchedArguments();
            if (!unknown.isEmpty() && !(e instanceof CommandLine.UnmatchedArgumentException)) {
                err.println(name + ": unknown option or argument: " + String.join(" ", unknown));
            }
            err.println("Try '" + name + " --help'.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String name = commandLine.getCommandSpec().qualifiedName();
            if (e instanceof CliException c) {
                err.println(name + ": " + c.getMessage());
                if (Logging.debug(ctx.env()) && c.getCause() != null) {
                    c.getCause().printStackTrace(err);
                }
                return c.exitCode();
            }
            err.println(name + ": unexpected error: " + e);
            if (Logging.debug(ctx.env())) {
                e.printStackTrace(err);
            } else {
                err.println("(set CAIRN_DEBUG=true for the stack trace)");
            }
            return ExitCodes.FAILED;
        });
        return cl;
    }
}
