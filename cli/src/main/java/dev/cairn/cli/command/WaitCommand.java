package dev.cairn.cli.command;

import dev.cairn.cli.CliContext;
import dev.cairn.cli.CliException;
import dev.cairn.cli.ExitCodes;
import dev.cairn.cli.client.CompletionsFollower;
import dev.cairn.cli.client.LedgerApi;
import dev.cairn.cli.config.Connection;
import dev.cairn.cli.config.ConnectionOptions;
import dev.cairn.cli.config.Durations;
import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Names;
import dev.cairn.contracts.StageState;
import dev.cairn.contracts.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn wait}: blocks until a stage of a project completes (exit 0) or fails (exit 1). */
@Command(
        name = "wait",
        mixinStandardHelpOptions = true,
        header = "Wait until a stage completes (0) or fails (1).",
        description = {
            "Wait until a stage of a project (default: the pipeline's final stage) is completed (exit 0) or failed"
                    + " (exit 1); exit 4 after --timeout. Lets an Argo step or an Airflow BashOperator wait without"
                    + " polling S3.",
            "With Kafka settings (KAFKA_BOOTSTRAP_SERVERS) it follows cairn.completions; without, it polls the ledger"
                    + " with backoff (up to --max-poll-interval). The current state is read from the ledger first, so"
                    + " a stage that is already done returns at once. A stage counts as completed when the project's"
                    + " level is that stage or later."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  cairn wait --pipeline photogrammetry --project mission_001 --timeout 2h",
            "  cairn wait --pipeline photogrammetry --project mission_001 --stage metashape --via poll"
        })
public final class WaitCommand implements Callable<Integer> {

    /** How to learn about changes. */
    public enum Via {
        auto,
        kafka,
        poll
    }

    private final CliContext ctx;

    @Option(names = "--pipeline", required = true)
    String pipeline;

    @Option(names = "--project", required = true)
    String project;

    @Option(names = "--stage", description = "default: the pipeline's final stage")
    String stage;

    @Option(names = "--config-id", defaultValue = Names.DEFAULT_CONFIG_ID, description = "default: ${DEFAULT-VALUE}")
    String configId;

    @Option(
            names = "--timeout",
            defaultValue = "1h",
            converter = Durations.class,
            description = "default: ${DEFAULT-VALUE}")
    Duration timeout;

    @Option(
            names = "--via",
            defaultValue = "auto",
            description = "auto (kafka when Kafka settings are given, else poll), kafka or poll")
    Via via;

    @Option(
            names = "--max-poll-interval",
            defaultValue = "30s",
            converter = Durations.class,
            description = "longest pause between two polls (default: ${DEFAULT-VALUE}; starts at 1s, grows 1.5x)")
    Duration maxPollInterval;

    @Mixin
    ConnectionOptions connection;

    public WaitCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Checks.names("--pipeline", pipeline, "--project", project, "--config-id", configId);
        Connection conn = connection.resolve(ctx.env());
        LedgerApi ledger = Clients.ledger(conn);
        String target = ledger.stageOrFinal(pipeline, ledger.stages(pipeline), stage);
        boolean kafka = via == Via.kafka || via == Via.auto && conn.kafka().isSet();
        long deadline = System.nanoTime() + timeout.toNanos();
        String what = "stage " + target + " of " + project + " (pipeline " + pipeline + ", config " + configId + ")";
        try (CompletionsFollower follower = kafka
                ? new CompletionsFollower(
                        conn.kafkaBootstrapServers(),
                        Topics.COMPLETIONS,
                        Topics.key(pipeline, project, configId),
                        conn.retryFor())
                : null) {
            // the follower's position is fixed before the current state is read: no change falls in between
            Optional<Verdict> verdict = verdict(current(ledger).stream().toList(), target, what);
            if (verdict.isEmpty()) {
                ctx.err()
                        .println("waiting for " + what + " ("
                                + (kafka ? "following " + Topics.COMPLETIONS : "polling the ledger") + ", timeout "
                                + Durations.format(timeout) + ")");
            }
            long pause = 1000;
            while (verdict.isEmpty()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw CliException.timeout(
                            what + " was neither completed nor failed within " + Durations.format(timeout));
                }
                List<CompletionRecorded> changes;
                if (follower != null) {
                    changes = follower.poll(Duration.ofMillis(Math.min(left, 1000)));
                } else {
                    sleep(Math.min(pause, left));
                    pause = Math.min((long) (pause * 1.5), maxPollInterval.toMillis());
                    changes = current(ledger).stream().toList();
                }
                verdict = verdict(changes, target, what);
            }
            ctx.out().println(verdict.get().line());
            return verdict.get().exitCode();
        }
    }

    private Optional<CompletionRecorded> current(LedgerApi ledger) {
        return ledger.completion(pipeline, project, configId).map(j -> {
            try {
                return Json.mapper().treeToValue(j, CompletionRecorded.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw CliException.failed("the ledger's answer is not a CompletionRecorded: " + e.getOriginalMessage());
            }
        });
    }

    /** How the wait ends: the exit code and the line printed. */
    private record Verdict(int exitCode, String line) {}

    /** Completed (exit 0) or failed (exit 1) when the latest of {@code changes} says so, else empty. */
    private static Optional<Verdict> verdict(List<CompletionRecorded> changes, String target, String what) {
        for (CompletionRecorded c : changes.isEmpty() ? changes : changes.subList(changes.size() - 1, changes.size())) {
            StageState s = c.stageStates() == null ? null : c.stageStates().get(target);
            boolean completed =
                    c.levelIndex() >= 0 && c.levelIndex() >= c.stages().indexOf(target)
                            || s != null && StageState.COMPLETED.equals(s.status());
            if (completed) {
                return Optional.of(new Verdict(
                        ExitCodes.OK,
                        "completed: " + what
                                + (s != null && s.lastCompletedAt() != null
                                        ? " at " + s.lastCompletedAt()
                                                + (s.lastRunId() != null ? " by run " + s.lastRunId() : "")
                                        : " (level " + c.level() + ")")));
            }
            if (s != null && StageState.FAILED.equals(s.status())) {
                return Optional.of(new Verdict(
                        ExitCodes.FAILED,
                        "failed: " + what + (s.lastRunId() != null ? " (run " + s.lastRunId() + ")" : "")));
            }
        }
        return Optional.empty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.timeout("interrupted");
        }
    }
}
