package dev.cairn.planner.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.contracts.CompletionRecorded;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.planner.CompletionFixtures;
import dev.cairn.planner.messaging.ViewSync;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle: for a generated completion log of a few hundred projects (both levels, several config_ids, duplicates,
 * a malformed line), the config-list endpoint prints byte for byte what the seed's {@code generate_remaining_configs.py}
 * prints for that log, for every {@code --level} and {@code --config-id}; the view gets the log as the
 * CompletionRecorded records the ledger would publish for it.
 */
@QuarkusTest
@QuarkusTestResource(value = CairnDevStackResource.class, initArgs = @ResourceArg(name = "services", value = "kafka"))
class ConfigListOracleTest {

    static final Path SCRIPT = Path.of("../tools/seed-scripts/generate_remaining_configs.py")
            .toAbsolutePath()
            .normalize();
    static final List<String> CONFIG_IDS = List.of("default", "highres", "lowres");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TempDir
    Path dir;

    String pipeline;
    Path log;
    Path list;

    @Inject
    ViewSync sync;

    record Run(String stdout, String stderr) {}

    @BeforeEach
    void generate() throws IOException {
        pipeline = CompletionFixtures.uniquePipeline("oracle");
        Random random = new Random(20240115);
        CompletionFixtures.LedgerLike ledger = new CompletionFixtures.LedgerLike(pipeline);
        List<String> logLines = new ArrayList<>();
        Instant t = Instant.parse("2024-01-15T10:30:00Z");
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            for (int i = 0; i < 400; i++) {
                String project = "mission_" + String.format("%03d", random.nextInt(300));
                String configId = CONFIG_IDS.get(random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(2));
                String level = random.nextBoolean() ? "metashape" : "postprocess";
                t = t.plusSeconds(1 + random.nextInt(600));
                String workflow = "automate-metashape-workflow-" + Integer.toString(random.nextInt(1 << 20), 36);
                logLines.add("{\"project_name\": \"" + project + "\", \"config_id\": \"" + configId
                        + "\", \"completion_level\": \"" + level + "\", \"timestamp\": \"" + t
                        + "\", \"workflow_name\": \"" + workflow + "\"}");
                CompletionRecorded state = ledger.complete(project, configId, level, t, workflow);
                CompletionFixtures.publish(kafka, state);
                if (i == 200) {
                    logLines.add("");
                    logLines.add("{\"project_name\": \"broken\", \"config_id\": ");
                }
            }
            kafka.flush();
        }
        sync.awaitView();
        log = Files.writeString(dir.resolve("completion-log.jsonl"), String.join("\n", logLines) + "\n");
        Files.createDirectories(dir.resolve("lists"));
        list = Files.write(dir.resolve("lists/batch1.txt"), configList(random).getBytes(StandardCharsets.UTF_8));
    }

    /** Every form the script accepts: comments, blanks, relative/absolute paths, odd extensions, CRLF, Unicode blanks. */
    static String configList(Random random) {
        StringBuilder b = new StringBuilder("# batch 1 of the 2024 missions\n\n");
        String[] forms = {
            "%s.yaml",
            "configs/%s.yml",
            "/data/argo-input/configs/%s.yaml",
            "  %s.yaml   # retry",
            "%s",
            "../shared/%s.tar.gz",
            "%s.yaml#inline",
            "\t%s.yaml\u00a0",
            "./%s.yaml\r",
            "%s.yaml \u2003"
        };
        for (int i = 0; i < 330; i++) {
            String project = "mission_" + String.format("%03d", random.nextInt(330));
            b.append(String.format(forms[random.nextInt(forms.length)], project))
                    .append(i % 17 == 0 ? "\r\n" : "\n");
            if (i % 50 == 0) {
                b.append("   # a comment line\n \n");
            }
        }
        return b.append("/abs/no_newline_at_end.yaml").toString();
    }

    Run script(Path completionLog, String... args) throws Exception {
        assertThat(SCRIPT).exists();
        List<String> command =
                new ArrayList<>(List.of("python3", SCRIPT.toString(), list.toString(), completionLog.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("PYTHONUTF8", "1");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    Response endpoint(String level, String configId) throws IOException {
        var request =
                given().contentType("text/plain").body(Files.readAllBytes(list)).queryParam("pipeline", pipeline);
        if (level != null) {
            request.queryParam("level", level);
        }
        if (configId != null) {
            request.queryParam("config_id", configId);
        }
        return request.post("/api/v1/plan/config-list")
                .then()
                .statusCode(200)
                .extract()
                .response();
    }

    @Test
    void printsExactlyWhatTheSeedScriptPrints() throws Exception {
        int compared = 0;
        for (String level : new String[] {"metashape", "postprocess"}) {
            for (String configId : List.of("default", "highres", "lowres", "nomatch")) {
                Run expected = script(log, "--level", level, "--config-id", configId);
                Response actual = endpoint(level, configId);
                assertThat(actual.asByteArray())
                        .as("level %s, config_id %s", level, configId)
                        .isEqualTo(expected.stdout().getBytes(StandardCharsets.UTF_8));
                assertThat("# " + actual.header("Cairn-Remaining") + " remaining, " + actual.header("Cairn-Completed")
                                + " completed\n")
                        .isEqualTo(expected.stderr());
                if (!configId.equals("nomatch")) {
                    assertThat(Integer.parseInt(actual.header("Cairn-Skipped")))
                            .as("some lines are skipped")
                            .isPositive();
                    assertThat(Integer.parseInt(actual.header("Cairn-Remaining")))
                            .as("some lines remain")
                            .isPositive();
                }
                compared++;
            }
        }
        Run defaults = script(log);
        assertThat(endpoint(null, null).asString()).isEqualTo(defaults.stdout());
        assertThat(defaults.stdout()).contains("mission_").contains("no_newline_at_end.yaml\n");
        assertThat(compared).isEqualTo(8);
    }

    @Test
    void theExportedCompletionLogGivesTheScriptTheSameAnswer() throws Exception {
        String exported = given().queryParam("pipeline", pipeline)
                .get("/api/v1/completion-log")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Path exportedLog = Files.writeString(dir.resolve("exported.jsonl"), exported);
        for (String level : new String[] {"metashape", "postprocess"}) {
            for (String configId : CONFIG_IDS) {
                assertThat(script(exportedLog, "--level", level, "--config-id", configId))
                        .isEqualTo(script(log, "--level", level, "--config-id", configId));
            }
        }
    }

    @Test
    void skipIfCompleteModesMapToTheScriptLevels() throws Exception {
        byte[] body = Files.readAllBytes(list);
        String both = given().contentType("text/plain")
                .body(body)
                .queryParam("pipeline", pipeline)
                .queryParam("skip_if_complete", "both")
                .post("/api/v1/plan/config-list")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(both).isEqualTo(script(log, "--level", "postprocess").stdout());
        Response none = given().contentType("text/plain")
                .body(body)
                .queryParam("pipeline", pipeline)
                .queryParam("skip_if_complete", "none")
                .post("/api/v1/plan/config-list");
        assertThat(none.header("Cairn-Skipped")).isEqualTo("0");
        assertThat(none.header("Cairn-Remaining")).isEqualTo(none.header("Cairn-Entries"));
        given().contentType("text/plain")
                .body(body)
                .queryParam("pipeline", pipeline)
                .queryParam("level", "postprocess")
                .queryParam("skip_if_complete", "both")
                .post("/api/v1/plan/config-list")
                .then()
                .statusCode(400);
        given().contentType("text/plain")
                .body(new byte[] {'a', (byte) 0xC3, '\n'})
                .queryParam("pipeline", pipeline)
                .post("/api/v1/plan/config-list")
                .then()
                .statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("not valid UTF-8 (byte offset 1)"));
    }
}
