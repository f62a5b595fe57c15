package dev.cairn.ledger.runs;

import static dev.cairn.ledger.LedgerTests.api;
import static dev.cairn.ledger.runs.RunTests.request;
import static dev.cairn.ledger.runs.RunTests.startNew;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.ledger.LedgerTests;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The document's crash: a client (a separate JVM) sends the statuses of a 55,000-item run and is killed at a random
 * point; every batch it saw acknowledged is kept, and {@code remaining} over the 55,000 names returns exactly the rest.
 */
@QuarkusTest
class RunCrashTest {

    static final int ITEMS = 55_000;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aClientKilledAtARandomPointLosesNothingAndRemainingReturnsExactlyTheRest() throws Exception {
        ObjectNode req = request(RunTests.pipeline("crash"), "p1", "/photos", Map.of());
        req.put("total_items", ITEMS);
        String run = startNew(req);
        int killAt = ThreadLocalRandom.current().nextInt(5_000, 50_000);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ItemSender.class.getName(),
                        base.toString(),
                        LedgerTests.TOKEN,
                        run,
                        Integer.toString(ITEMS),
                        "500")
                .redirectErrorStream(true)
                .start();
        AtomicInteger acked = new AtomicInteger();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                    if (line.startsWith("acked ")) {
                        acked.set(Integer.parseInt(line.substring(6)));
                    }
                }
            } catch (java.io.IOException e) {
                // the child was killed
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> acked.get() >= killAt || !child.isAlive());
        } finally {
            child.destroyForcibly().waitFor();
            reader.join(10_000);
        }
        int seen = acked.get();
        // a request in flight when the client died may still commit: wait until the count stops moving
        int[] last = {-1};
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    int now = RunTests.get(run).extract().path("processed");
                    boolean stable = now == last[0];
                    last[0] = now;
                    return stable;
                });
        assertThat(seen).as("the client was killed before the end: %s", output).isBetween(killAt, ITEMS - 1);

        JsonNode state = Json.mapper()
                .readTree(api().get("/api/v1/runs/" + run + "/processing_state.json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        JsonNode processed = state.get("processed_jsons");
        int recorded = processed.size();
        assertThat(recorded)
                .as("every acknowledged batch is kept, an unanswered one whole or not at all")
                .isIn(seen, seen + 500);
        List<String> all = IntStream.range(0, ITEMS).mapToObj(ItemSender::name).toList();
        for (int i = 0; i < ITEMS; i++) {
            assertThat(processed.has(all.get(i))).as("item %d recorded", i).isEqualTo(i < recorded);
        }
        List<String> expected = IntStream.range(0, ITEMS)
                .filter(i -> i >= recorded || ItemSender.status(i).equals("error"))
                .mapToObj(ItemSender::name)
                .toList();
        assertThat(RunTests.remainingNames(run, all, "")).containsExactlyElementsOf(expected);
        assertThat(RunTests.remainingNames(run, all, "?retry_errors=false"))
                .containsExactlyElementsOf(all.subList(recorded, ITEMS));
    }
}
