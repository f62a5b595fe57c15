package dev.cairn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.AppProcess;
import dev.cairn.devstack.KafkaTestClient;
import dev.cairn.devstack.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of {@code docs/emitting-events.md}, run exactly as written (bash, kcat, python3, java, the packaged
 * {@code cairn} command), against the devstack's Kafka and PostgreSQL and a packaged ledger (the {@link SharedCluster}'s);
 * then the ledger must hold what the example sent. The examples' projects (mission_001 to mission_006) are used by no
 * other class.
 */
@ExtendWith(SharedCluster.class)
class EmittingEventsDocIT {

    static final String TOKEN = SharedCluster.TOKEN;

    static Map<String, DocExamples.Example> examples;
    static Settings settings;
    static AppProcess ledger;
    static CairnClient http;
    static Path repo;

    @TempDir
    Path work;

    record Run(int exit, String output) {}

    @BeforeAll
    static void readTheDocument() throws IOException {
        CairnCluster cluster = SharedCluster.cluster();
        repo = cluster.repo();
        examples = DocExamples.read(repo.resolve("docs/emitting-events.md"));
        settings = cluster.settings();
        ledger = cluster.app(CairnCluster.Service.LEDGER);
        http = new CairnClient(TOKEN);
        CairnClient.Answer declared = http.put(
                ledger.baseUrl() + "/api/v1/pipelines/photogrammetry",
                "{\"stages\": [\"metashape\", \"postprocess\"]}");
        assertThat(declared.status()).as(declared.body()).isIn(200, 201);
    }

    @Test
    void documentHasEveryExample() {
        assertThat(examples)
                .containsOnlyKeys(
                        "curl-single", "curl-array", "kcat", "python-requests", "java-kafka-clients", "cairn-cli");
    }

    @Test
    void curlSingleEventIsRecordedAndItsRetryIsADuplicate() throws Exception {
        Run first = bash("curl-single");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("HTTP 201");
        Run again = bash("curl-single");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("HTTP 200", "duplicate");
        assertThat(state("mission_001").path("level").asText()).isEqualTo("metashape");
        assertThat(state("mission_001").path("version").asInt()).isEqualTo(1);
    }

    @Test
    void curlArrayRecordsBothEventsInOneAnswer() throws Exception {
        Run run = bash("curl-array");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("HTTP 201");
        assertThat(state("mission_002").path("level").asText()).isEqualTo("postprocess");
    }

    @Test
    void kcatProducesWithTheKeyFormatAndTheLedgerRecordsIt() throws Exception {
        Run run = bash("kcat");
        assertThat(run.exit()).as(run.output()).isZero();
        awaitLevel("mission_003", "metashape");
        try (KafkaTestClient kafka = new KafkaTestClient(settings.kafkaBootstrapServers())) {
            List<ConsumerRecord<String, byte[]>> sent = kafka.readAll(
                    Topics.STAGE_EVENTS,
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains("docs-run-3-mission_003-metashape"));
            assertThat(sent).extracting(ConsumerRecord::key).containsExactly("photogrammetry/mission_003/default");
        }
    }

    @Test
    void pythonRequestsExampleIsRecorded() throws Exception {
        Path script = Files.writeString(work.resolve("emit.py"), example("python-requests", "python"));
        Run run = run(List.of("python3", script.toString()));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("201 ");
        assertThat(state("mission_004").path("level").asText()).isEqualTo("metashape");
    }

    @Test
    void javaKafkaClientsExampleIsRecorded() throws Exception {
        Path source = Files.writeString(work.resolve("EmitStageEvent.java"), example("java-kafka-clients", "java"));
        String classpath = String.join(
                java.io.File.pathSeparator,
                AppProcess.codeLocation(ProducerConfig.class),
                AppProcess.codeLocation(org.slf4j.LoggerFactory.class),
                AppProcess.codeLocation(org.slf4j.simple.SimpleLogger.class));
        Run run = run(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                source.toString()));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("sent photogrammetry/mission_005/default to cairn.stage-events-");
        awaitLevel("mission_005", "postprocess");
    }

    @Test
    void cairnCliExampleIsRecordedAndItsRetryIsAlreadyRecorded() throws Exception {
        assertThat(repo.resolve("cli/target/cairn.jar"))
                .as("built by the cli module before this one")
                .isRegularFile();
        Run first = bash("cairn-cli");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("recorded").doesNotContain("already");
        Run again = bash("cairn-cli");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("already recorded");
        JsonNode state = state("mission_006");
        assertThat(state.path("level").asText()).isEqualTo("metashape");
        assertThat(state.path("version").asInt()).isEqualTo(1);
    }

    private Run bash(String name) throws Exception {
        return run(List.of("bash", "-euo", "pipefail", "-c", example(name, "bash")));
    }

    private static String example(String name, String language) {
        DocExamples.Example e = examples.get(name);
        assertThat(e).as("example " + name).isNotNull();
        assertThat(e.language()).isEqualTo(language);
        return e.code();
    }

    /** Runs a command with the environment the document tells readers to export. */
    private Run run(List<String> command) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().put("CAIRN_LEDGER_URL", ledger.baseUrl());
        builder.environment().put("CAIRN_TOKEN", TOKEN);
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers());
        // cli/bin on the PATH, as the document says (the launcher finds cli/target/cairn.jar next to it)
        builder.environment()
                .put(
                        "PATH",
                        repo.resolve("cli/bin")
                                + java.io.File.pathSeparator
                                + builder.environment().get("PATH"));
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within 120 s");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static JsonNode state(String project) throws IOException {
        CairnClient.Answer answer =
                http.get(ledger.baseUrl() + "/api/v1/completions/photogrammetry/" + project + "?config_id=default");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return Json.mapper().readTree(answer.body());
    }

    private static void awaitLevel(String project, String level) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    CairnClient.Answer answer = http.get(
                            ledger.baseUrl() + "/api/v1/completions/photogrammetry/" + project + "?config_id=default");
                    return answer.status() == 200
                            && level.equals(Json.mapper()
                                    .readTree(answer.body())
                                    .path("level")
                                    .asText());
                });
    }
}
