package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static dev.cairn.ledger.LedgerTests.api;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.EventTypes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Timeline and run pages are cut by their payload bytes ({@code cairn.ledger.queries.page-bytes}, 4 MiB by default),
 * not only by {@code limit}: 40 events of 250 KB asked for with {@code limit=10000} come back in pages of 17 events
 * (the event whose bytes reach the budget is a page's last) and a last page of 6, and following {@code next} gives
 * every event once, in order. The same for the run's events.
 */
@QuarkusTest
class TimelinePagingTest {

    private static final int EVENTS = 40;
    /** An attribute just under the ledger's 256 KiB limit of one event. */
    private static final int ATTRIBUTE_BYTES = 250_000;
    /** The default {@code cairn.ledger.queries.page-bytes}. */
    private static final int PAGE_BYTES = 4 * 1024 * 1024;
    /**
     * A full page holds the events up to the one whose bytes reach the budget: ceil(budget / event size), the event
     * being its attribute plus at most 2 KiB of other fields (17 here).
     */
    private static final int FEWEST_PER_PAGE = -Math.floorDiv(-PAGE_BYTES, ATTRIBUTE_BYTES + 2048);

    private static final int MOST_PER_PAGE = -Math.floorDiv(-PAGE_BYTES, ATTRIBUTE_BYTES);

    @Test
    void largeEventsArePagedByBytesAndTheCursorLosesNothing() {
        String pipeline = LedgerTests.unique("pages");
        LedgerTests.declare(pipeline, "render");
        String run = "run-" + pipeline;
        String blob = "x".repeat(ATTRIBUTE_BYTES);
        for (int i = 0; i < EVENTS; i++) {
            ObjectNode e = LedgerTests.event(
                    pipeline + "-" + i, EventTypes.COMPLETED, pipeline, "big", "render", T0.plusSeconds(i));
            e.put("run_id", run);
            e.putObject("attributes").put("blob", blob);
            api().body(e.toString()).post("/api/v1/events").then().statusCode(201);
        }
        List<String> expected =
                IntStream.range(0, EVENTS).mapToObj(i -> pipeline + "-" + i).toList();

        assertThat(allPages("/api/v1/completions/" + pipeline + "/big/timeline"))
                .isEqualTo(expected);
        assertThat(allPages("/api/v1/runs/" + run)).isEqualTo(expected);
    }

    /** Follows {@code next} from the start with {@code limit=10000}; checks each page's size, returns the event ids. */
    private static List<String> allPages(String path) {
        List<String> ids = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String after = "0";
        while (after != null) {
            JsonPath page = api().queryParam("limit", 10_000)
                    .queryParam("after", after)
                    .get(path)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<String> pageIds = page.getList("items.event_id", String.class);
            sizes.add(pageIds.size());
            ids.addAll(pageIds);
            after = page.getString("next");
        }
        assertThat(sizes).as(path + ": page sizes").hasSizeGreaterThanOrEqualTo(3);
        // every page but the last is full: cut where the bytes reach the budget, not earlier
        assertThat(sizes.subList(0, sizes.size() - 1))
                .as(path + ": page sizes " + sizes)
                .allSatisfy(n -> assertThat(n).isBetween(FEWEST_PER_PAGE, MOST_PER_PAGE));
        assertThat(sizes.get(sizes.size() - 1))
                .as(path + ": page sizes " + sizes)
                .isBetween(1, MOST_PER_PAGE);
        return ids;
    }
}
