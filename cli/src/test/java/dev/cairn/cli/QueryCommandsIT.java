package dev.cairn.cli;

import static dev.cairn.cli.EmitIT.assertExit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code plan}, {@code config-list}, {@code status} and {@code wait} against a running ledger and planner. */
class QueryCommandsIT {

    static CliTestStack stack;
    static String pipeline;
    static Map<String, String> env;

    @BeforeAll
    static void start() {
        stack = CliTestStack.get();
        env = stack.env();
        pipeline = "query-" + UUID.randomUUID().toString().substring(0, 8);
        stack.declare(pipeline, "metashape", "postprocess");
        emit("completed", "done_1", "metashape");
        emit("completed", "done_1", "postprocess");
        emit("completed", "half_1", "metashape");
        emit("failed", "broken_1", "metashape");
    }

    static void emit(String type, String project, String stage, String... more) {
        CliRun.Result r = CliRun.run(env, CliRun.emitArgs(type, pipeline, project, stage, "wf-" + project, more));
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    @Test
    void planPrintsTheProjectsToRunFromFlagsFilesAndStdin() throws Exception {
        CliRun.Result r = CliRun.run(
                env,
                "plan",
                "--pipeline",
                pipeline,
                "--skip-if-complete",
                "both",
                "--fresh",
                "--projects",
                "done_1,half_1,new_1");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("half_1\nnew_1\n");
        assertThat(r.err()).contains("# 2 to run (1 partial), 1 skipped, of 3");

        CliRun.Result json = CliRun.run(
                env,
                "plan",
                "--pipeline",
                pipeline,
                "--skip-if-complete",
                "both",
                "--fresh",
                "--projects",
                "done_1,half_1",
                "--json");
        JsonNode answer = Json.mapper().readTree(json.out());
        assertThat(answer.path("projects").get(1).path("skip_stages").get(0).asText())
                .isEqualTo("metashape");
        assertThat(answer.path("projects").get(1).path("skip_metashape").asBoolean())
                .isTrue();

        Path file = Files.createTempFile("projects", ".txt");
        Files.writeString(file, "# missions of batch 1\ndone_1\n\nhalf_1\n");
        CliRun.Result fromFile = CliRun.run(
                env,
                "plan",
                "--pipeline",
                pipeline,
                "--skip-if-complete",
                "metashape",
                "--fresh",
                "--projects-file",
                file.toString());
        assertThat(fromFile.out()).isEmpty();
        CliRun.Result fromStdin = CliRun.runWithInput(
                env,
                "half_1\nnew_2\n",
                "plan",
                "--pipeline",
                pipeline,
                "--skip-if-complete",
                "postprocess",
                "--fresh",
                "-");
        assertThat(fromStdin.out()).isEqualTo("half_1\nnew_2\n");
    }

    @Test
    void configListPrintsWhatTheSeedScriptPrints() throws Exception {
        Path dir = Files.createTempDirectory("config-list");
        Path list = dir.resolve("batch1.txt");
        Files.writeString(list, "# batch 1\nconfigs/done_1.yaml\n/abs/half_1.yml   # redo\n\nnew_1.yaml\n");
        Path log = dir.resolve("completion_log.jsonl");
        byte[] exported = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.planner.baseUrl()
                                        + "/api/v1/completion-log?pipeline=" + pipeline + "&fresh=true"))
                                .header("Authorization", "Bearer " + CliTestStack.TOKEN)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                .body();
        Files.write(log, exported);
        for (String level : List.of("metashape", "postprocess")) {
            CliRun.Result cli = CliRun.run(
                    env, "config-list", "--pipeline", pipeline, "--level", level, "--fresh", list.toString());
            assertThat(cli.exit()).as(cli.toString()).isZero();
            Process seed = new ProcessBuilder(
                            "python3",
                            Path.of("..", "tools", "seed-scripts", "generate_remaining_configs.py")
                                    .toString(),
                            list.toString(),
                            log.toString(),
                            "--level",
                            level)
                    .start();
            String out = new String(seed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(seed.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(seed.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(cli.out()).as(level).isEqualTo(out).isNotEmpty();
            assertThat(cli.err()).as(level).isEqualTo(err);
        }
        assertExit(
                2,
                "nope.txt",
                CliRun.run(
                        env,
                        "config-list",
                        "--pipeline",
                        pipeline,
                        dir.resolve("nope.txt").toString()));
    }

    @Test
    void statusShowsTheStateAndTheTimeline() throws Exception {
        CliRun.Result table = CliRun.run(env, "status", "--pipeline", pipeline, "--project", "done_1");
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out()).contains("level: postprocess", "Timeline (last 2 of 2)", "stage.completed");
        assertThat(table.out()
                        .lines()
                        .filter(l -> l.startsWith("postprocess"))
                        .findFirst()
                        .orElseThrow())
                .contains("completed", "wf-done_1");
        JsonNode json = Json.mapper()
                .readTree(CliRun.run(env, "status", "--pipeline", pipeline, "--project", "done_1", "--json")
                        .out());
        assertThat(json.path("state").path("level").asText()).isEqualTo("postprocess");
        assertThat(json.path("timeline")).hasSize(2);
        assertThat(json.path("timeline").get(0).path("body").path("type").asText())
                .isEqualTo("stage.completed");
        CliRun.Result last = CliRun.run(env, "status", "--pipeline", pipeline, "--project", "done_1", "--last", "1");
        assertThat(last.out()).contains("Timeline (last 1 of 2)");

        assertExit(1, "no event recorded", CliRun.run(env, "status", "--pipeline", pipeline, "--project", "nobody"));
        assertExit(2, "--pipeline", CliRun.run(env, "status", "--pipeline", "undeclared-x", "--project", "done_1"));
    }

    @Test
    void waitEndsAtOnceForAStageAlreadyCompletedOrFailed() {
        CliRun.Result done = CliRun.run(env, "wait", "--pipeline", pipeline, "--project", "done_1");
        assertThat(done.exit()).as(done.toString()).isZero();
        assertThat(done.out()).startsWith("completed: stage postprocess of done_1");
        CliRun.Result implied = CliRun.run(
                env, "wait", "--pipeline", pipeline, "--project", "done_1", "--stage", "metashape", "--via", "poll");
        assertThat(implied.exit()).as(implied.toString()).isZero();
        CliRun.Result failed =
                CliRun.run(env, "wait", "--pipeline", pipeline, "--project", "broken_1", "--stage", "metashape");
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out()).startsWith("failed: stage metashape of broken_1");
    }

    @Test
    void waitFollowsTheTopicOrPollsUntilTheStageCompletes() throws Exception {
        for (String via : List.of("kafka", "poll")) {
            String project = "later_" + via;
            Path out = Files.createTempFile("wait", ".out");
            Path err = Files.createTempFile("wait", ".err");
            Process waiting = CliRun.start(
                    env,
                    out,
                    err,
                    "wait",
                    "--pipeline",
                    pipeline,
                    "--project",
                    project,
                    "--stage",
                    "metashape",
                    "--via",
                    via,
                    "--timeout",
                    "5m",
                    "--max-poll-interval",
                    "2s");
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> Files.readString(err).contains("waiting for"));
            assertThat(waiting.isAlive()).as(via).isTrue();
            emit("started", project, "metashape");
            emit("completed", project, "metashape");
            assertThat(waiting.waitFor(2, TimeUnit.MINUTES)).as(via).isTrue();
            assertThat(waiting.exitValue())
                    .as(via + ": " + Files.readString(err))
                    .isZero();
            assertThat(Files.readString(out)).as(via).startsWith("completed: stage metashape of " + project);
        }
    }

    @Test
    void exitCodesOfTimeoutsUsageAndUnreachableServices() {
        assertExit(
                4,
                "within 2.0s",
                CliRun.run(env, "wait", "--pipeline", pipeline, "--project", "never_1", "--timeout", "2s"));
        assertExit(
                2,
                "--stage",
                CliRun.run(env, "wait", "--pipeline", pipeline, "--project", "done_1", "--stage", "orthomosaic"));
        assertExit(
                2,
                "--timeout",
                CliRun.run(env, "wait", "--pipeline", pipeline, "--project", "done_1", "--timeout", "soon"));
        assertExit(
                2,
                "skip_if_complete",
                CliRun.run(env, "plan", "--pipeline", pipeline, "--skip-if-complete", "bogus", "--projects", "a"));
        assertExit(2, "--projects", CliRun.run(env, "plan", "--pipeline", pipeline, "--skip-if-complete", "both"));
        Map<String, String> down = new java.util.HashMap<>(env);
        down.put("CAIRN_PLANNER_URL", "http://127.0.0.1:" + FreePort.get());
        down.put("CAIRN_LEDGER_URL", "http://127.0.0.1:" + FreePort.get());
        assertExit(
                3,
                "planner",
                CliRun.run(
                        down,
                        "plan",
                        "--pipeline",
                        pipeline,
                        "--skip-if-complete",
                        "both",
                        "--projects",
                        "a",
                        "--retry-for",
                        "2s"));
        assertExit(3, "planner", CliRun.run(down, "config-list", "--pipeline", pipeline, "--retry-for", "2s", "-"));
        assertExit(
                3, "ledger", CliRun.run(down, "status", "--pipeline", pipeline, "--project", "a", "--retry-for", "2s"));
        assertExit(
                3, "ledger", CliRun.run(down, "wait", "--pipeline", pipeline, "--project", "a", "--retry-for", "2s"));
    }
}
