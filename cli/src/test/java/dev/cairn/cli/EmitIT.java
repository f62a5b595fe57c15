package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code cairn emit} against a running ledger, over HTTP and Kafka, and every exit code it has. */
class EmitIT {

    static CliTestStack stack;
    static String pipeline;

    @BeforeAll
    static void start() {
        stack = CliTestStack.get();
        pipeline = "emit-" + UUID.randomUUID().toString().substring(0, 8);
        stack.declare(pipeline, "metashape", "postprocess");
    }

    @Test
    void aRetriedEmitIsRecordedOnceWithTheSameEventId() throws Exception {
        String[] args = {
            "emit",
            "completed",
            "--pipeline",
            pipeline,
            "--project",
            "m1",
            "--stage",
            "metashape",
            "--run-id",
            "wf-1",
            "--occurred-at",
            "2025-01-15T10:30:00Z",
            "--metric",
            "rows_processed=15000",
            "--metric",
            "s3_metrics.files_uploaded=3",
            "--attr",
            "producer=argo"
        };
        CliRun.Result first = CliRun.run(stack.env(), args);
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).startsWith("recorded stage.completed");
        CliRun.Result again = CliRun.run(stack.env(), args);
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.out()).startsWith("already recorded stage.completed");
        // a retry of the same step later (another occurred_at) still names the same event and adds nothing
        String[] later = args.clone();
        later[11] = "2025-01-15T10:45:00Z";
        CliRun.Result retry = CliRun.run(stack.env(), later);
        assertThat(retry.exit()).as(retry.toString()).isZero();
        assertThat(retry.out()).startsWith("already recorded").contains("the ledger keeps that one");

        List<JsonNode> timeline = timeline("m1");
        assertThat(timeline).hasSize(1);
        JsonNode body = Json.mapper().readTree(timeline.get(0).path("body").asText());
        assertThat(body.path("event_id").asText()).startsWith("cli-").isEqualTo(eventId(first.out()));
        assertThat(body.path("metrics").path("rows_processed").asLong()).isEqualTo(15000);
        assertThat(body.path("metrics")
                        .path("s3_metrics")
                        .path("files_uploaded")
                        .asLong())
                .isEqualTo(3);
        assertThat(body.path("attributes").path("producer").asText()).isEqualTo("argo");
        assertThat(body.path("occurred_at").asText()).isEqualTo("2025-01-15T10:30:00Z");

        // another run of the stage is another event
        CliRun.Result otherRun = CliRun.run(stack.env(), emit("completed", "m1", "metashape", "--run-id", "wf-2"));
        assertThat(otherRun.out()).startsWith("recorded");
        assertThat(timeline("m1")).hasSize(2);
    }

    @Test
    void failedEventCarriesItsError() throws Exception {
        CliRun.Result r = CliRun.run(
                stack.env(), emit("failed", "m2", "metashape", "--run-id", "wf-9", "--error", "out of GPU memory"));
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode state = Json.mapper()
                .readTree(stack.ledgerGet("/api/v1/completions/" + pipeline + "/m2")
                        .body());
        assertThat(state.path("stage_states").path("metashape").path("status").asText())
                .isEqualTo("failed");
        JsonNode body =
                Json.mapper().readTree(timeline("m2").get(0).path("body").asText());
        assertThat(body.path("error").asText()).isEqualTo("out of GPU memory");
    }

    @Test
    void viaKafkaTheLedgerAppliesTheEvent() {
        CliRun.Result r =
                CliRun.run(stack.env(), emit("completed", "m3", "postprocess", "--run-id", "wf-3", "--via", "kafka"));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("sent stage.completed", "cairn.stage-events");
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> stack.ledgerGet("/api/v1/completions/" + pipeline + "/m3")
                                .body(),
                        b -> b.contains("\"level\":\"postprocess\""));
    }

    @Test
    void usageAndValidationErrorsExitTwoNamingTheFlag() {
        Map<String, String> env = stack.env();
        assertExit(2, "--stage", CliRun.run(env, "emit", "completed", "--pipeline", pipeline, "--project", "m1"));
        assertExit(2, "--project", CliRun.run(env, emit("completed", "../etc", "metashape")));
        assertExit(2, "--error", CliRun.run(env, emit("completed", "m1", "metashape", "--error", "boom")));
        assertExit(2, "--metric", CliRun.run(env, emit("completed", "m1", "metashape", "--metric", "rows")));
        assertExit(2, "--occurred-at", CliRun.run(env, emit("completed", "m1", "metashape", "--occurred-at", "now")));
        assertExit(2, "finished", CliRun.run(env, emit("finished", "m1", "metashape")));
        // the ledger's own refusals: an undeclared stage (422) and a wrong token (401)
        assertExit(2, "orthomosaic", CliRun.run(env, emit("completed", "m1", "orthomosaic")));
        assertExit(2, "--token", CliRun.run(env, emit("completed", "m1", "metashape", "--token", "wrong")));
        Map<String, String> noLedger = new HashMap<>(env);
        noLedger.remove("CAIRN_LEDGER_URL");
        assertExit(2, "--ledger-url", CliRun.run(noLedger, emit("completed", "m1", "metashape")));
    }

    @Test
    void unreachableLedgerOrKafkaExitsThree() {
        Map<String, String> env = stack.env();
        env.put("CAIRN_LEDGER_URL", "http://127.0.0.1:" + FreePort.get());
        assertExit(3, "unreachable", CliRun.run(env, emit("completed", "m1", "metashape", "--retry-for", "3s")));
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + FreePort.get());
        assertExit(
                3,
                "Kafka",
                CliRun.run(env, emit("completed", "m1", "metashape", "--via", "kafka", "--retry-for", "3s")));
    }

    /** {@code emit TYPE --pipeline <this test's> --project P --stage S MORE...} */
    static String[] emit(String type, String project, String stage, String... more) {
        return CliRun.emitArgs(type, pipeline, project, stage, null, more);
    }

    static void assertExit(int code, String named, CliRun.Result r) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(code);
        assertThat(r.err()).as(r.toString()).contains(named);
    }

    private static List<JsonNode> timeline(String project) throws Exception {
        JsonNode page = Json.mapper()
                .readTree(stack.ledgerGet("/api/v1/completions/" + pipeline + "/" + project + "/timeline")
                        .body());
        List<JsonNode> out = new java.util.ArrayList<>();
        page.path("items").forEach(out::add);
        return out;
    }

    private static String eventId(String out) {
        int at = out.indexOf("event_id ") + "event_id ".length();
        return out.substring(at, out.indexOf(')', at));
    }
}
