package dev.cairn.marker.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.contracts.MarkerWritten;
import dev.cairn.devstack.CairnDevStackResource;
import dev.cairn.marker.Completions;
import dev.cairn.marker.MarkerServiceFixture;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Webhook calls recorded by a local receiver; a receiver that holds every call or is down delays no marker. */
@QuarkusTest
@QuarkusTestResource(
        value = CairnDevStackResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "services", value = "kafka,s3"),
            @ResourceArg(name = "buckets", value = "cairn-markers-test")
        })
@QuarkusTestResource(value = WebhookReceiver.class, restrictToAnnotatedClass = true)
class WebhookNotifierTest extends MarkerServiceFixture {

    static final Instant START = Instant.parse("2025-09-12T14:30:22Z");

    @Test
    void slackGetsTheMarkersDocumentsFieldsForASuccessAndAFailure() throws Exception {
        String project = Completions.project("settlement.settle_orders");
        send(Completions.completed(
                "hooked_slack",
                project,
                "sync",
                "ev-s-" + project,
                START,
                START.plusMillis(45_230),
                Completions.metrics("{\"rows_processed\": 15000, \"files_created\": 3}")));
        send(Completions.failed("hooked_slack", project, "sync", "ev-sf-" + project, START, "MySQL timeout"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bodies("/slack", project).size() == 2);
        // the two calls are sent concurrently: found by their text
        List<String> bodies = bodies("/slack", project).stream()
                .map(JsonNode::toString)
                .sorted((a, b) -> a.contains("✅") ? -1 : 1)
                .toList();
        assertThat(bodies.get(0))
                .isEqualTo("{\"text\":\"✅ Sync Completed Successfully\",\"attachments\":[{\"color\":\"good\","
                        + "\"fields\":[{\"title\":\"Pipeline\",\"value\":\"hooked_slack\",\"short\":true},"
                        + "{\"title\":\"Table\",\"value\":\"" + project + "\",\"short\":true},"
                        + "{\"title\":\"Duration\",\"value\":\"45.2s\",\"short\":true},"
                        + "{\"title\":\"Rows\",\"value\":\"15,000\",\"short\":true},"
                        + "{\"title\":\"Files\",\"value\":\"3\",\"short\":true}]}]}");
        assertThat(bodies.get(1))
                .isEqualTo("{\"text\":\"❌ Sync Failed\",\"attachments\":[{\"color\":\"danger\","
                        + "\"fields\":[{\"title\":\"Pipeline\",\"value\":\"hooked_slack\",\"short\":true},"
                        + "{\"title\":\"Table\",\"value\":\"" + project + "\",\"short\":true},"
                        + "{\"title\":\"Duration\",\"value\":\"12.0s\",\"short\":true},"
                        + "{\"title\":\"Error\",\"value\":\"MySQL timeout\",\"short\":false}]}]}");
        assertThat(WebhookReceiver.calls("/slack"))
                .allMatch(c -> c.contentType().startsWith("application/json"));
    }

    @Test
    void theJsonFormatPostsTheMarkerWrittenRecord() {
        String project = Completions.project("json");
        String eventId = "ev-j-" + project;
        send(Completions.completed("hooked_json", project, "sync", eventId, START, START.plusSeconds(3), null));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !bodies("/json", project).isEmpty());
        MarkerWritten posted = read(bodies("/json", project).get(0).toString().getBytes(), MarkerWritten.class);
        MarkerWritten published = markersWritten(eventId).get(0);
        assertThat(posted).isEqualTo(published);
        assertThat(posted.keys()).last().asString().endsWith("/completion_marker.txt");
    }

    @Test
    void aReceiverThatHoldsEveryCallOrIsDownDelaysNoMarkerAndItsFailuresAreCounted() {
        String project = Completions.project("held");
        for (int i = 0; i < 5; i++) {
            send(Completions.completed(
                    "hooked_held",
                    project,
                    "sync",
                    "ev-h" + i + "-" + project,
                    START.plusSeconds(i),
                    START.plusSeconds(60),
                    null));
        }
        String down = Completions.project("down");
        send(Completions.completed("hooked_down", down, "sync", "ev-d-" + down, START, START.plusSeconds(1), null));
        // every folder is complete while the receiver has not answered a single call
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bucket.completeFolders("completion_markers/hooked_held/" + project + "/")
                                .size()
                        == 5);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> WebhookReceiver.calls("/held").stream()
                                .filter(c -> c.body().contains(project))
                                .count()
                        == 5);
        assertThat(counter("cairn_marker_webhook_failures_total", "hooked_held"))
                .isZero();
        assertThat(counter("cairn_marker_webhook_sent_total", "hooked_held")).isZero();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> bucket.completeFolders("completion_markers/hooked_down/" + down + "/")
                                .size()
                        == 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> counter("cairn_marker_webhook_failures_total", "hooked_down") == 1);

        WebhookReceiver.release(); // now every call (and every retry) is answered 500
        await().atMost(Duration.ofSeconds(60))
                .until(() -> counter("cairn_marker_webhook_failures_total", "hooked_held") == 5);
        assertThat(metrics())
                .anyMatch(l -> l.startsWith("cairn_marker_webhook_failures_total{")
                        && l.contains("hooked_held")
                        && l.contains("reason=\"rejected\""));
        // 1 call + cairn.marker.webhooks.max-retries=2 retries per marker
        assertThat(WebhookReceiver.calls("/held").stream().filter(c -> c.body().contains(project)))
                .hasSize(15);
    }

    private List<JsonNode> bodies(String path, String project) {
        return WebhookReceiver.calls(path).stream()
                .filter(c -> c.body().contains(project))
                .map(c -> read(c.body().getBytes(), JsonNode.class))
                .toList();
    }

    private static double counter(String name, String pipeline) {
        return metrics().stream()
                .filter(l -> l.startsWith(name + "{") && l.contains("pipeline=\"" + pipeline + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static List<String> metrics() {
        return given().get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .toList();
    }
}
