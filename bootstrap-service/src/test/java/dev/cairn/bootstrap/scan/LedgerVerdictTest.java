package dev.cairn.bootstrap.scan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.cairn.bootstrap.LedgerProcessResource;
import dev.cairn.bootstrap.S3Fixture;
import dev.cairn.bootstrap.ScanClient;
import dev.cairn.contracts.Topics;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.devstack.KafkaTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 against the real ledger (a ledger-service process on the same Kafka and PostgreSQL) and real S3: requests
 * the ledger would refuse are refused at submission, dry runs included, and a finished scan reports the ledger's own
 * verdict on every event it sent.
 */
@QuarkusTest
@QuarkusTestResource(LedgerProcessResource.class)
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        initArgs = @ResourceArg(name = "services", value = "kafka,postgres,s3"))
class LedgerVerdictTest {

    @ConfigProperty(name = "quarkus.s3.endpoint-override")
    String endpoint;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    private static String unique(String base) {
        return base + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    private static String request(String pipeline, boolean dryRun, String bucket, String... stages) {
        StringBuilder sources = new StringBuilder();
        for (String stage : stages) {
            sources.append(sources.isEmpty() ? "" : ", ")
                    .append("\"%s\": {\"bucket\": \"%s\", \"prefix\": \"%s/\", \"layout\": \"folder\"}"
                            .formatted(stage, bucket, stage));
        }
        return """
                {"pipeline": "%s", "dry_run": %s, "stages": [%s], "sources": {%s}}""".formatted(
                pipeline,
                dryRun,
                String.join(
                        ", ", List.of(stages).stream().map(s -> "\"" + s + "\"").toList()),
                sources);
    }

    private static io.restassured.response.ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/scans")
                .then();
    }

    @Test
    void anUndeclaredPipelineIsRefusedForRealAndDryScansAndImportsAndNothingIsEmitted() {
        String pipeline = unique("never-declared");
        for (boolean dryRun : List.of(false, true)) {
            post(request(pipeline, dryRun, "verdict-any", "metashape"))
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("error", equalTo("unknown_pipeline"))
                    .body("problems[0].field", equalTo("pipeline"))
                    .body("message", containsString(pipeline));
        }
        given().contentType("application/x-ndjson")
                .body(
                        "{\"project_name\":\"m1\",\"completion_level\":\"metashape\",\"timestamp\":\"2024-01-15T10:30:00Z\"}\n"
                                .getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/imports/completion-log?pipeline=" + pipeline)
                .then()
                .statusCode(422)
                .body("error", equalTo("unknown_pipeline"))
                .body("problems[0].field", equalTo("pipeline"));
        assertThat(given().get("/api/v1/scans?limit=500").jsonPath().getList("pipeline", String.class))
                .doesNotContain(pipeline);
        assertThat(records(Topics.STAGE_EVENTS, pipeline)).isEmpty();
    }

    @Test
    void aStageThePipelineDoesNotDeclareIsRefusedNamingIt() {
        String pipeline = unique("one-stage");
        LedgerProcessResource.declare(pipeline, "metashape");
        post(request(pipeline, true, "verdict-any", "metashape", "postprocess"))
                .statusCode(422)
                .body("error", equalTo("unknown_stage"))
                .body("problems.field", equalTo(List.of("stages[1]")))
                .body("message", containsString("postprocess"));
        // in an import, a line naming an undeclared stage is malformed and never sent
        JsonPath report = given().contentType("application/x-ndjson")
                .body(
                        ("{\"project_name\":\"m1\",\"completion_level\":\"postprocess\",\"timestamp\":\"2024-01-15T10:30:00Z\"}\n"
                                        + "{\"project_name\":\"m1\",\"completion_level\":\"metashape\",\"timestamp\":\"2024-01-15T10:30:00Z\"}\n")
                                .getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/imports/completion-log?pipeline=" + pipeline)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(report.getLong("malformed")).isEqualTo(1);
        assertThat(report.getString("errors[0].reason"))
                .contains("unknown_stage")
                .contains("postprocess");
        assertThat(report.getLong("events_emitted")).isEqualTo(1);
        assertThat(report.getLong("events_applied")).isEqualTo(1);
        assertThat(report.getLong("imported")).isEqualTo(1);
        assertThat(records(Topics.STAGE_EVENTS, pipeline)).hasSize(1);
    }

    @Test
    void aBucketOutsideAllowedBucketsIsRefusedNamingTheSource() {
        String pipeline = unique("allowed");
        LedgerProcessResource.declare(pipeline, "metashape");
        post(request(pipeline, true, "private-archive", "metashape"))
                .statusCode(422)
                .body("error", equalTo("bucket_not_allowed"))
                .body("problems[0].field", equalTo("sources.metashape.bucket"));
    }

    @Test
    void badNamesAreProblemsAndWhatTheLedgerRefusesIsCountedAsTheDlqShowsIt() {
        String pipeline = unique("verdict");
        LedgerProcessResource.declare(pipeline, "metashape");
        String bucket;
        try (S3Fixture s3 = new S3Fixture(endpoint)) {
            bucket = s3.bucket("verdict-products");
            s3.putAll(
                    bucket,
                    List.of(
                            "metashape/m1/m1_ortho.tif",
                            "metashape/m2/m2_ortho.tif",
                            "metashape/m3/m3_ortho.tif",
                            "metashape/bad name/bad name_ortho.tif"),
                    4);
        }
        JsonPath first = run(request(pipeline, false, bucket, "metashape"));
        assertThat(first.getString("state")).as(first.prettify()).isEqualTo("completed");
        assertThat(first.getLong("progress.events_emitted")).isEqualTo(3);
        assertThat(first.getLong("progress.events_applied")).isEqualTo(3);
        assertThat(first.getLong("progress.refused")).isZero();
        assertThat(first.getList("problems.subject", String.class)).containsExactly("bad name");
        assertThat(records(Topics.STAGE_EVENTS_DLQ, pipeline)).isEmpty();

        // m2's sentinel changes: the re-scan's event has the same id and another payload, which the ledger refuses
        try (S3Fixture s3 = new S3Fixture(endpoint)) {
            s3.putLaterThan(bucket, "metashape/m2/m2_ortho.tif", "metashape/m3/m3_ortho.tif");
        }
        JsonPath second = run(request(pipeline, false, bucket, "metashape"));
        assertThat(second.getString("state")).as(second.prettify()).isEqualTo("completed_with_problems");
        assertThat(second.getLong("progress.events_emitted")).isEqualTo(3);
        assertThat(second.getLong("progress.events_applied")).isZero();
        assertThat(second.getLong("progress.duplicates")).isEqualTo(2);
        assertThat(second.getLong("progress.refused")).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> dlq = records(Topics.STAGE_EVENTS_DLQ, pipeline);
        assertThat(dlq).hasSize((int) second.getLong("progress.refused"));
        assertThat(second.getList("problems.subject", String.class)).contains("bad name", "m2");
        assertThat(second.getList("problems.reason", String.class))
                .anySatisfy(r -> assertThat(r).contains("conflicting_duplicate"));
        assertThat(LedgerProcessResource.appliedEvents(pipeline)).isEqualTo(3);
        // a scan completed with problems still serves its entries
        given().get("/api/v1/scans/" + second.getString("id") + "/entries")
                .then()
                .statusCode(200);
        given().get("/api/v1/scans?state=completed_with_problems")
                .then()
                .statusCode(200)
                .body("id", hasItem(second.getString("id")));
    }

    private static JsonPath run(String body) {
        String id = ScanClient.start(body);
        return ScanClient.awaitEnd(id, Duration.ofSeconds(90));
    }

    private List<ConsumerRecord<String, byte[]>> records(String topic, String pipeline) {
        try (KafkaTestClient client = new KafkaTestClient(kafka)) {
            return client.readAll(topic, r -> r.key() != null && r.key().startsWith(pipeline + "/"));
        }
    }
}
