package dev.cairn.ledger.runs;

import static dev.cairn.ledger.runs.RunTests.get;
import static dev.cairn.ledger.runs.RunTests.request;
import static dev.cairn.ledger.runs.RunTests.startNew;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.cairn.contracts.Topics;
import dev.cairn.devstack.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Item statuses from {@code cairn.item-events}: recorded like HTTP ones, the unusable ones dead-lettered with a reason. */
@QuarkusTest
class ItemEventsKafkaTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void itemEventsAreRecordedAndWhatCannotBeGoesToTheDlqWithItsReason() {
        String run = startNew(request(RunTests.pipeline("kafka-items"), "p1", "/photos", Map.of()));
        String unknownRun = "never-started-" + run;
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(Topics.ITEM_EVENTS, run, RunTests.line("a.json", "success", "out/a.jpg"));
            kafka.send(Topics.ITEM_EVENTS, run, RunTests.line("a.json", "success", "out/a.jpg")); // redelivery
            kafka.send(Topics.ITEM_EVENTS, run, RunTests.line("b.json", "error", "boom"));
            kafka.send(Topics.ITEM_EVENTS, run, "{not json");
            kafka.send(Topics.ITEM_EVENTS, run, RunTests.line("c.json", "finished", null));
            kafka.send(Topics.ITEM_EVENTS, unknownRun, RunTests.line("a.json", "success", null));
            kafka.send(Topics.ITEM_EVENTS, run, RunTests.line("b.json", "success", "out/b.jpg"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> get(run).body("success", equalTo(2)));
            get(run).body("processed", equalTo(2)).body("errors", equalTo(0));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<String> reasons = kafka.readAll(Topics.ITEM_EVENTS_DLQ).stream()
                        .filter(r -> r.key().equals(run) || r.key().equals(unknownRun))
                        .map(r -> r.key().equals(run)
                                ? header(r, Topics.HEADER_ERROR_CODE)
                                : "other-run " + header(r, Topics.HEADER_ERROR_CODE))
                        .toList();
                assertThat(reasons).containsExactlyInAnyOrder("invalid_json", "invalid_event", "other-run unknown_run");
            });
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
