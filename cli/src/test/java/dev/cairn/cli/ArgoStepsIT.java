package dev.cairn.cli;

import static dev.cairn.cli.EmitIT.assertExit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the Argo WorkflowTemplate's steps run (deploy/argo): {@code cairn declare}, {@code cairn plan --config-list
 * --items} and {@code cairn emit completed --metrics-json}, against the running ledger and planner.
 */
class ArgoStepsIT {

    static CliTestStack stack;
    static Map<String, String> env;
    static String pipeline;

    @BeforeAll
    static void start() {
        stack = CliTestStack.get();
        env = stack.env();
        pipeline = "argo-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void declareWritesOnceAndThenOnlyReadsSoAnEmitTokenSuffices() throws Exception {
        String p = pipeline + "-d";
        Map<String, String> emitOnly = new java.util.HashMap<>(env);
        emitOnly.put("CAIRN_TOKEN", CliTestStack.EMIT_TOKEN);
        // an emit token may not write a pipeline: a clear error naming the way out, nothing declared
        assertExit(2, "admin token", CliRun.run(emitOnly, "declare", "--pipeline", p, "--stages", "a,b"));
        assertThat(stack.ledgerGet("/api/v1/pipelines/" + p).statusCode()).isEqualTo(404);

        CliRun.Result created = CliRun.run(env, "declare", "--pipeline", p, "--stages", "a,b");
        assertThat(created.exit()).as(created.toString()).isZero();
        assertThat(created.out()).isEqualTo("pipeline " + p + " declared: a, b\n");
        JsonNode declared =
                Json.mapper().readTree(stack.ledgerGet("/api/v1/pipelines/" + p).body());
        assertThat(declared.path("stages").toString()).isEqualTo("[\"a\",\"b\"]");

        // the same stages again: a read only, which the emit token may do (the workflow's case)
        CliRun.Result again = CliRun.run(emitOnly, "declare", "--pipeline", p, "--stages", "a, b");
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo("pipeline " + p + " is declared: a, b\n");
        // another order is refused by the ledger (409): exit 1 with its message
        CliRun.Result reordered = CliRun.run(env, "declare", "--pipeline", p, "--stages", "b,a");
        assertThat(reordered.exit()).as(reordered.toString()).isEqualTo(1);
        assertThat(reordered.err()).contains("409");
        assertExit(2, "--stages", CliRun.run(env, "declare", "--pipeline", p, "--stages", "a,a"));
    }

    @Test
    void emitTakesTheStepsMetricsJsonFromAFileOrStdin() throws Exception {
        stack.declare(pipeline, "metashape", "postprocess");
        Path metrics = Files.createTempFile("cairn-metrics", ".json");
        Files.writeString(
                metrics,
                "{\"rows_processed\": 15000, \"duration_seconds\": 3600.5,"
                        + " \"s3_metrics\": {\"files_uploaded\": 3}, \"ok\": true}");
        CliRun.Result r = CliRun.run(
                env, emit("m1", "metashape", "--metrics-json", metrics.toString(), "--metric", "s3_metrics.bytes=42"));
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode body = lastBody("m1");
        assertThat(body.path("metrics"))
                .as("the file's metrics (the ledger keeps a canonical key order) with the --metric added to its group")
                .isEqualTo(Json.mapper()
                        .readTree("{\"rows_processed\":15000,\"duration_seconds\":3600.5,"
                                + "\"s3_metrics\":{\"files_uploaded\":3,\"bytes\":42},\"ok\":true}"));

        CliRun.Result fromStdin =
                CliRun.runWithInput(env, "{\"files_created\": 12}\n", emit("m2", "metashape", "--metrics-json", "-"));
        assertThat(fromStdin.exit()).as(fromStdin.toString()).isZero();
        assertThat(lastBody("m2").path("metrics").toString()).isEqualTo("{\"files_created\":12}");

        // Argo's default when a step wrote nothing is "{}"; an empty file is the same: no metrics
        Path empty = Files.createTempFile("cairn-metrics", ".json");
        CliRun.Result none = CliRun.run(env, emit("m3", "metashape", "--metrics-json", empty.toString()));
        assertThat(none.exit()).as(none.toString()).isZero();
        assertThat(lastBody("m3").has("metrics")).isFalse();

        // refused before anything is sent: not JSON, not an object, missing, a value given both ways
        Files.writeString(empty, "files: 3");
        assertExit(2, "--metrics-json", CliRun.run(env, emit("m4", "metashape", "--metrics-json", empty.toString())));
        Files.writeString(empty, "[1, 2]");
        assertExit(
                2, "not a JSON object", CliRun.run(env, emit("m4", "metashape", "--metrics-json", empty.toString())));
        assertExit(
                2, "does not exist", CliRun.run(env, emit("m4", "metashape", "--metrics-json", "/nonexistent.json")));
        assertExit(
                2,
                "'s3_metrics.files_uploaded' is also in --metrics-json",
                CliRun.run(
                        env,
                        emit(
                                "m4",
                                "metashape",
                                "--metrics-json",
                                metrics.toString(),
                                "--metric",
                                "s3_metrics.files_uploaded=4")));
        assertThat(stack.ledgerGet("/api/v1/completions/" + pipeline + "/m4").statusCode())
                .isEqualTo(404);
    }

    @Test
    void planItemsIsTheFanOutsJsonArrayFromAConfigListOrProjects() throws Exception {
        String p = pipeline + "-plan";
        stack.declare(p, "metashape", "postprocess");
        for (String[] done : new String[][] {
            {"mission_003", "metashape"}, {"mission_003", "postprocess"}, {"mission_002", "metashape"}
        }) {
            CliRun.Result r = CliRun.run(env, CliRun.emitArgs("completed", p, done[0], done[1], "wf-0"));
            assertThat(r.exit()).as(r.toString()).isZero();
        }
        Path list = Files.createTempFile("batch1", ".txt");
        Files.writeString(
                list,
                "# batch 1\nconfigs/mission_001.yml\n\n/abs/path/mission_002.yaml   # partly done\n"
                        + "configs/mission_003.yml\nconfigs/again/mission_001.yml\n");
        CliRun.Result r =
                CliRun.run(env, plan(p, "--config-list", list.toString(), "--projects", "", "--config-id", "hq"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .isEqualTo("[{\"project\":\"mission_001\",\"config\":\"configs/mission_001.yml\",\"config_id\":\"hq\","
                        + "\"level\":null,\"skip_stages\":[],\"skip_metashape\":false,\"skip_postprocess\":false},"
                        + "{\"project\":\"mission_002\",\"config\":\"/abs/path/mission_002.yaml\",\"config_id\":\"hq\","
                        + "\"level\":null,\"skip_stages\":[],\"skip_metashape\":false,\"skip_postprocess\":false},"
                        + "{\"project\":\"mission_003\",\"config\":\"configs/mission_003.yml\",\"config_id\":\"hq\","
                        + "\"level\":null,\"skip_stages\":[],\"skip_metashape\":false,\"skip_postprocess\":false}]\n");
        assertThat(r.err()).contains("Warning: project mission_001 is listed more than once");

        CliRun.Result both = CliRun.run(env, plan(p, "--config-list", list.toString(), "--projects", ""));
        assertThat(both.exit()).as(both.toString()).isZero();
        JsonNode items = Json.mapper().readTree(both.out());
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("project").asText()).isEqualTo("mission_001");
        assertThat(items.get(0).path("skip_metashape").asBoolean()).isFalse();
        assertThat(items.get(1).path("project").asText()).isEqualTo("mission_002");
        assertThat(items.get(1).path("config").asText()).isEqualTo("/abs/path/mission_002.yaml");
        assertThat(items.get(1).path("level").asText()).isEqualTo("metashape");
        assertThat(items.get(1).path("skip_metashape").asBoolean()).isTrue();
        assertThat(items.get(1).path("skip_postprocess").asBoolean()).isFalse();
        assertThat(both.err())
                .contains("Skipping mission_003 (config_id=default): already complete at level 'postprocess'")
                .contains("Processing 2 projects, skipped 1 as already complete");

        // PROJECTS as a JSON array or comma-separated, with an empty config list
        for (String projects : List.of("[\"mission_003\", \"mission_004\"]", "mission_003, mission_004")) {
            CliRun.Result named = CliRun.run(env, plan(p, "--projects", projects, "--config-list", ""));
            assertThat(named.exit()).as(named.toString()).isZero();
            JsonNode one = Json.mapper().readTree(named.out());
            assertThat(one).hasSize(1);
            assertThat(one.get(0).path("project").asText()).isEqualTo("mission_004");
            assertThat(one.get(0).path("config").asText()).isEmpty();
        }
        assertExit(2, "exactly one way", CliRun.run(env, plan(p, "--projects", "", "--config-list", "")));
        assertExit(2, "does not exist", CliRun.run(env, plan(p, "--config-list", "/nonexistent/batch.txt")));
        assertExit(2, "not a JSON array", CliRun.run(env, plan(p, "--projects", "[\"a\",")));
        assertExit(2, "--items", CliRun.run(env, plan(p, "--projects", "a", "--json")));
    }

    private static String[] plan(String p, String... more) {
        List<String> args =
                new ArrayList<>(List.of("plan", "--pipeline", p, "--skip-if-complete", "both", "--fresh", "--items"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String[] emit(String project, String stage, String... more) {
        return CliRun.emitArgs("completed", pipeline, project, stage, "wf-1", more);
    }

    private static JsonNode lastBody(String project) throws Exception {
        JsonNode page = Json.mapper()
                .readTree(stack.ledgerGet("/api/v1/completions/" + pipeline + "/" + project + "/timeline")
                        .body());
        JsonNode items = page.path("items");
        return Json.mapper().readTree(items.get(items.size() - 1).path("body").asText());
    }
}
