package dev.cairn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.Json;
import dev.cairn.devstack.S3Server;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * OpenLineage to S3 markers across real processes: the OpenLineage Java client (HTTP transport, API key) sends
 * RunEvents of an Airflow-style job, which no {@code cairn} facet names, to the packaged ledger; the ledger's mapping
 * rule turns them into stage events; the packaged marker service writes the completion folder (or, for a FAIL, the
 * failure folder) in S3. Kafka, PostgreSQL and S3 are the devstack's; the services and the rule
 * ({@link SharedCluster#LINEAGE_RULE}) are the {@link SharedCluster}'s; this class keeps to projects mission_ol1 and
 * mission_ol2.
 */
@ExtendWith(SharedCluster.class)
class OpenLineageMarkersIT {

    static final String PIPELINE = "photogrammetry";
    static final String TOKEN = SharedCluster.TOKEN;
    static final URI PRODUCER = URI.create("https://example.com/cairn-openlineage-e2e");
    static final OpenLineage OL = new OpenLineage(PRODUCER);
    static final ZonedDateTime T0 = ZonedDateTime.of(2025, 9, 12, 14, 30, 22, 0, ZoneOffset.UTC);
    static CairnCluster cluster;

    @BeforeAll
    static void start() {
        cluster = SharedCluster.cluster();
        CairnClient http = new CairnClient(TOKEN);
        assertThat(http.put(
                                cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/pipelines/" + PIPELINE,
                                "{\"stages\": [\"metashape\", \"postprocess\"]}")
                        .status())
                .isIn(200, 201);
    }

    @Test
    void startThenCompleteWritesTheCompletionFolderAndFailWritesAFailureFolder() throws Exception {
        UUID done = UUID.randomUUID();
        UUID broken = UUID.randomUUID();
        try (OpenLineageClient client = client();
                S3Client s3 = S3Server.client(cluster.settings().s3Endpoint())) {
            client.emit(event(done, EventType.START, "postprocess_mission_ol1", 0, null));
            client.emit(event(done, EventType.COMPLETE, "postprocess_mission_ol1", 42, null));

            String prefix = "completion_markers/" + PIPELINE + "/mission_ol1/";
            List<String> folder = await().atMost(Duration.ofSeconds(90))
                    .until(
                            () -> EndToEndIT.keys(s3, prefix),
                            k -> k.stream().anyMatch(x -> x.endsWith("/completion_marker.txt")));
            String ts = folder.get(0).substring(prefix.length(), prefix.length() + "yyyyMMdd_HHmmss".length());
            // the execution's start (the START's eventTime, when the ledger knows it) or the COMPLETE's, in UTC
            assertThat(ts).isIn("20250912_143022", "20250912_151222");
            assertThat(folder)
                    .containsExactlyInAnyOrder(
                            prefix + ts + "/execution_metadata.json",
                            prefix + ts + "/table_metrics.json",
                            prefix + ts + "/completion_marker.txt");
            JsonNode metadata = readJson(s3, prefix + ts + "/execution_metadata.json");
            assertThat(metadata.path("pipeline").asText()).isEqualTo(PIPELINE);
            assertThat(metadata.path("tables_requested").get(0).asText()).isEqualTo("mission_ol1");
            JsonNode state = new CairnClient(TOKEN)
                    .get(cluster.url(CairnCluster.Service.LEDGER) + "/api/v1/completions/" + PIPELINE + "/mission_ol1")
                    .json();
            assertThat(state.path("level").asText()).isEqualTo("postprocess");
            assertThat(state.path("stage_states")
                            .path("postprocess")
                            .path("last_run_id")
                            .asText())
                    .isEqualTo(done.toString());

            client.emit(event(broken, EventType.START, "postprocess_mission_ol2", 0, null));
            client.emit(event(broken, EventType.FAIL, "postprocess_mission_ol2", 7, "Metashape ran out of GPU memory"));
            String failedPrefix = "completion_markers/" + PIPELINE + "/mission_ol2/";
            List<String> failed = await().atMost(Duration.ofSeconds(90))
                    .until(
                            () -> EndToEndIT.keys(s3, failedPrefix),
                            k -> k.stream().anyMatch(x -> x.endsWith("/failure_marker.txt")));
            assertThat(failed).noneMatch(k -> k.endsWith("/completion_marker.txt"));
            String marker = text(
                    s3,
                    failed.stream()
                            .filter(k -> k.endsWith("/failure_marker.txt"))
                            .findFirst()
                            .orElseThrow());
            assertThat(marker).contains("Status: FAILED", "Table: mission_ol2", "Metashape ran out of GPU memory");
            // the failed project got no completion folder, and the completed one no failure folder
            assertThat(EndToEndIT.keys(s3, prefix)).noneMatch(k -> k.endsWith("/failure_marker.txt"));
        }
    }

    /** The OpenLineage client as a job would configure it: HTTP transport to the ledger, the token as API key. */
    static OpenLineageClient client() {
        HttpConfig config = new HttpConfig();
        config.setUrl(URI.create(cluster.url(CairnCluster.Service.LEDGER)));
        ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
        auth.setApiKey(TOKEN);
        config.setAuth(auth);
        return OpenLineageClient.builder().transport(new HttpTransport(config)).build();
    }

    /** A RunEvent of Airflow task {@code task} of DAG photogrammetry_dag, without a cairn facet (the rule maps it). */
    static RunEvent event(UUID run, EventType type, String task, int minutes, String error) {
        OpenLineage.RunFacetsBuilder facets = OL.newRunFacetsBuilder();
        if (error != null) {
            facets.errorMessage(OL.newErrorMessageRunFacet(error, "PYTHON", "Traceback: " + error));
        }
        return OL.newRunEventBuilder()
                .eventType(type)
                .eventTime(T0.plusMinutes(minutes))
                .run(OL.newRun(run, facets.build()))
                .job(OL.newJob("airflow-prod", "photogrammetry_dag." + task, null))
                .inputs(List.of())
                .outputs(List.of())
                .build();
    }

    private static String text(S3Client s3, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(CairnCluster.MARKER_BUCKET).key(key))
                .asString(StandardCharsets.UTF_8);
    }

    private static JsonNode readJson(S3Client s3, String key) throws Exception {
        return Json.mapper().readTree(text(s3, key));
    }
}
