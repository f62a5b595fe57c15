package dev.cairn.cli.command;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn run}: item-level resume of a long run (start, items, remaining, finish). */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        header = "Resume a long run item by item.",
        description = {
            "The ledger keeps each item's status (success, error, not_found, skipped) of a run, so that a crashed or"
                    + " interrupted run resumes where it stopped: start (or resume) a run, send item statuses,"
                    + " ask which candidates remain, finish the run."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  RUN=$(cairn run start --pipeline photos --project p1 --stage process --resume --source \"$SRC\")",
            "  find \"$SRC\" -name '*.json' | sort > all.txt",
            "  cairn run remaining --run-id \"$RUN\" all.txt | while read -r f; do process \"$f\" \\",
            "    && printf '%%s\\tsuccess\\n' \"$f\" || printf '%%s\\terror\\n' \"$f\"; done | cairn run items --run-id \"$RUN\"",
            "  cairn run finish --run-id \"$RUN\" --status completed"
        })
public final class RunCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: start, items, remaining or finish");
    }
}
