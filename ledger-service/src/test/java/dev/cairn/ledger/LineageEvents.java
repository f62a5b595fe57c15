package dev.cairn.ledger;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.KafkaConfig;
import io.openlineage.client.transports.KafkaTransport;
import io.restassured.RestAssured;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/** RunEvents built and sent by the real OpenLineage Java client, as Airflow, Spark or a custom job would. */
final class LineageEvents {

    static final URI PRODUCER = URI.create("https://example.com/cairn-ledger-tests");
    static final String EMIT_TOKEN = "ledger-emit-token-0123";
    static final OpenLineage OL = new OpenLineage(PRODUCER);
    static final ZonedDateTime T0 = ZonedDateTime.of(2024, 1, 15, 10, 0, 0, 0, ZoneOffset.UTC);

    private LineageEvents() {}

    /** A client with the HTTP transport pointed at the ledger under test (default endpoint, an emit token). */
    static OpenLineageClient http() {
        HttpConfig config = new HttpConfig();
        config.setUrl(URI.create("http://localhost:" + RestAssured.port));
        ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
        auth.setApiKey(EMIT_TOKEN);
        config.setAuth(auth);
        return OpenLineageClient.builder().transport(new HttpTransport(config)).build();
    }

    /** A client with the Kafka transport writing to {@code topic} of the devstack's broker. */
    static OpenLineageClient kafka(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        p.put("acks", "all");
        KafkaConfig config = new KafkaConfig(topic, null, p);
        return OpenLineageClient.builder().transport(new KafkaTransport(config)).build();
    }

    /** The {@code cairn} run facet. */
    static OpenLineage.RunFacet cairn(String pipeline, String project, String stage) {
        OpenLineage.DefaultRunFacet facet = new OpenLineage.DefaultRunFacet(PRODUCER);
        facet.getAdditionalProperties().put("pipeline", pipeline);
        facet.getAdditionalProperties().put("project", project);
        facet.getAdditionalProperties().put("stage", stage);
        return facet;
    }

    static RunEvent event(
            UUID runId, EventType type, String namespace, String job, OpenLineage.RunFacets facets, int minutes) {
        return OL.newRunEventBuilder()
                .eventType(type)
                .eventTime(T0.plusMinutes(minutes))
                .run(OL.newRun(runId, facets))
                .job(OL.newJob(namespace, job, null))
                .inputs(List.of())
                .outputs(List.of(OL.newOutputDataset("s3://cairn-products", job + "/part-0.parquet", null, null)))
                .build();
    }

    /** A run of stage {@code stage} of {@code project}, said by the cairn facet. */
    static RunEvent cairnEvent(UUID runId, EventType type, String pipeline, String project, String stage, int minutes) {
        return event(
                runId,
                type,
                "cairn-tests",
                stage + "." + project,
                OL.newRunFacetsBuilder()
                        .put("cairn", cairn(pipeline, project, stage))
                        .build(),
                minutes);
    }

    static RunEvent failed(UUID runId, String pipeline, String project, String stage, String message) {
        OpenLineage.RunFacets facets = OL.newRunFacetsBuilder()
                .put("cairn", cairn(pipeline, project, stage))
                .errorMessage(
                        OL.newErrorMessageRunFacet(message, "JAVA", "java.lang.IllegalStateException: " + message))
                .build();
        return event(runId, EventType.FAIL, "cairn-tests", stage + "." + project, facets, 5);
    }
}
