package dev.cairn.ledger.runs;

import static dev.cairn.ledger.runs.RunTests.items;
import static dev.cairn.ledger.runs.RunTests.line;
import static dev.cairn.ledger.runs.RunTests.request;
import static dev.cairn.ledger.runs.RunTests.start;
import static dev.cairn.ledger.runs.RunTests.startNew;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.ledger.service.RunItemIndex;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code remaining} answered from the in-memory index (V8's items version) on the real PostgreSQL: every answer is
 * compared with the rows of {@code ledger.run_item} read at that moment, whether it came from the index, a rebuilt
 * index or the database; writes made in the database behind the ledger's back are never answered stale.
 */
@QuarkusTest
class RemainingFromIndexTest {

    /** {@code cairn.ledger.runs.index.build-from}'s default: a miss this large reads the run into the index. */
    private static final int BUILD_FROM = 10_000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RunItemIndex index;

    @Test
    void batchesOfThisInstanceKeepTheIndexExactEvenWhenTheyCommitConcurrently() throws Exception {
        String run = startNew(request(RunTests.pipeline("index"), "p1", "/photos", Map.of()));
        List<String> names = names("photo", 3_000);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> sent = new ArrayList<>();
            // six senders at once, each over its own slice, four batches each in sequence
            for (int t = 0; t < 6; t++) {
                Random random = new Random(t);
                List<String> slice = names.subList(t * 500, (t + 1) * 500);
                sent.add(pool.submit(() -> {
                    for (int round = 0; round < 4; round++) {
                        StringBuilder b = new StringBuilder();
                        for (int i = 0; i < 300; i++) {
                            String status = List.of("success", "error", "not_found", "skipped")
                                    .get(random.nextInt(4));
                            b.append(line(slice.get(random.nextInt(slice.size())), status, null));
                        }
                        items(run, b.toString()).statusCode(200);
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> candidates = new ArrayList<>(names);
        candidates.add("never-recorded");
        Answer answer = remaining(run, candidates, "");
        assertThat(answer.from()).isEqualTo("index");
        assertThat(answer.names()).isEqualTo(expected(run, candidates, true));
        Answer noRetry = remaining(run, candidates, "?retry_errors=false");
        assertThat(noRetry.from()).isEqualTo("index");
        assertThat(noRetry.names()).isEqualTo(expected(run, candidates, false));
    }

    @Test
    void aWriteMadeInTheDatabaseBehindTheLedgerIsNeverAnsweredStale() throws Exception {
        String run = startNew(request(RunTests.pipeline("index"), "p1", "/photos", Map.of()));
        List<String> names = names("img", BUILD_FROM);
        send(run, names, i -> i % 10 == 3 ? "error" : "success");
        Answer before = remaining(run, names, "");
        assertThat(before.from()).isEqualTo("index");
        assertThat(before.names()).isEqualTo(expected(run, names, true)).hasSize(BUILD_FROM / 10);

        // another instance, or an operator: a success taken back, an error turned success, a new item
        try (Connection c = dataSource.getConnection()) {
            sql(
                    c,
                    "update ledger.run_item set status = 'error' where run_id = ? and item = '" + names.get(0) + "'",
                    run);
            sql(
                    c,
                    "update ledger.run_item set status = 'success' where run_id = ? and item = '" + names.get(3) + "'",
                    run);
            sql(
                    c,
                    "insert into ledger.run_item (run_id, item, status, at) values (?, 'img-extra', 'success', now())",
                    run);
        }
        List<String> candidates = new ArrayList<>(names);
        candidates.add("img-extra");
        Answer small = remaining(run, candidates.subList(0, 10), "");
        assertThat(small.from()).isEqualTo("database"); // a miss under build-from: probes, builds nothing
        assertThat(small.names()).isEqualTo(expected(run, candidates.subList(0, 10), true));
        Answer after = remaining(run, candidates, "");
        assertThat(after.from()).isEqualTo("index-built");
        assertThat(after.names())
                .isEqualTo(expected(run, candidates, true))
                .contains(names.get(0))
                .doesNotContain(names.get(3), "img-extra");
        assertThat(remaining(run, candidates, "").from()).isEqualTo("index");

        // a batch of this instance after the rebuild is applied on top of it
        items(run, line(names.get(0), "success", null) + line("img-extra", "error", "x"))
                .statusCode(200);
        Answer again = remaining(run, candidates, "");
        assertThat(again.from()).isEqualTo("index");
        assertThat(again.names()).isEqualTo(expected(run, candidates, true)).doesNotContain(names.get(0));

        // a write in the database between two batches of this instance: its next batch must not be applied on top
        try (Connection c = dataSource.getConnection()) {
            sql(
                    c,
                    "update ledger.run_item set status = 'not_found' where run_id = ? and item = '" + names.get(1)
                            + "'",
                    run);
        }
        items(run, line(names.get(13), "not_found", "gone")).statusCode(200);
        Answer afterBoth = remaining(run, candidates, "?retry_errors=false");
        assertThat(afterBoth.from()).isEqualTo("index-built");
        assertThat(afterBoth.names())
                .isEqualTo(expected(run, candidates, false))
                .contains(names.get(1), names.get(13))
                .doesNotContain(names.get(23));
    }

    @Test
    void resumeWithForceClearsWhatTheIndexHeld() throws Exception {
        Done done = allSuccessful("f", 50);
        done.request().put("resume", true);
        done.request().put("force", true);
        start(done.request()).statusCode(200);
        Answer cleared = remaining(done.run(), done.names(), "");
        assertThat(cleared.names()).isEqualTo(done.names());
        send(done.run(), done.names().subList(0, 10), i -> "success");
        assertThat(remaining(done.run(), done.names(), "").names())
                .isEqualTo(done.names().subList(10, 50));
    }

    @Test
    void aRunDeletedAndStartedAgainUnderItsIdIsNotAnsweredFromItsEarlierLife() throws Exception {
        Done done = allSuccessful("g", 20);
        try (Connection c = dataSource.getConnection()) {
            sql(c, "delete from ledger.run where run_id = ?", done.run());
        }
        done.request().put("run_id", done.run());
        start(done.request()).statusCode(201);
        assertThat(remaining(done.run(), done.names(), "").names()).isEqualTo(done.names());
        send(done.run(), done.names().subList(0, 5), i -> "success");
        Answer answer = remaining(done.run(), done.names(), "");
        assertThat(answer.from()).isEqualTo("index");
        assertThat(answer.names()).isEqualTo(done.names().subList(5, 20));
    }

    @Test
    void runsLeaveTheIndexUnderItsBoundAndAreStillAnsweredRight() throws Exception {
        // 80,000 items of ~50-byte names: ~5.3 MB each in the index, the tests' bound is 8 MiB
        String first = startNew(request(RunTests.pipeline("evict"), "p1", "/photos", Map.of()));
        String second = startNew(request(RunTests.pipeline("evict"), "p2", "/photos", Map.of()));
        List<String> names = names("evict/photos/2024/a-longer-folder-name/IMG", 80_000);
        send(first, names, i -> i % 7 == 0 ? "error" : "success");
        assertThat(index.held()).containsKey(first);
        send(second, names, i -> i % 5 == 0 ? "error" : "success");
        assertThat(index.held()).containsKey(second).doesNotContainKey(first);
        assertThat(index.held().values().stream().mapToLong(Long::longValue).sum())
                .isLessThanOrEqualTo(8 << 20);

        List<String> candidates = names.subList(0, BUILD_FROM);
        Answer evicted = remaining(first, candidates, "");
        assertThat(evicted.from()).isEqualTo("index-built");
        assertThat(evicted.names()).isEqualTo(expected(first, candidates, true));
        assertThat(index.held()).containsKey(first).doesNotContainKey(second);
        Answer other = remaining(second, candidates, "?retry_errors=false");
        assertThat(other.names()).isEqualTo(expected(second, candidates, false)).isEmpty();
    }

    private record Answer(List<String> names, String from) {}

    private record Done(ObjectNode request, String run, List<String> names) {}

    /** A new run whose {@code n} items all succeeded, answered as such. */
    private static Done allSuccessful(String prefix, int n) throws Exception {
        ObjectNode req = request(RunTests.pipeline("index"), "p1", "/photos", Map.of());
        String run = startNew(req);
        List<String> names = names(prefix, n);
        send(run, names, i -> "success");
        assertThat(remaining(run, names, "").names()).isEmpty();
        return new Done(req, run, names);
    }

    private static Answer remaining(String run, List<String> candidates, String query) {
        Response r = RunTests.remaining(run, candidates, query);
        r.then().statusCode(200);
        String body = r.asString();
        return new Answer(body.isEmpty() ? List.of() : List.of(body.split("\n")), r.header("Cairn-Answered-From"));
    }

    private static List<String> names(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static void send(String run, List<String> names, java.util.function.IntFunction<String> status)
            throws Exception {
        for (int from = 0; from < names.size(); from += 10_000) {
            StringBuilder b = new StringBuilder();
            for (int i = from; i < Math.min(names.size(), from + 10_000); i++) {
                b.append(line(names.get(i), status.apply(i), null));
            }
            items(run, b.toString()).statusCode(200);
        }
    }

    /** The oracle: the candidates that remain by the rows of {@code ledger.run_item} now. */
    private List<String> expected(String run, List<String> candidates, boolean retryErrors) throws SQLException {
        Map<String, String> status = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select item, status from ledger.run_item where run_id = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    status.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return candidates.stream()
                .filter(n -> {
                    String s = status.get(n);
                    return s == null || (!s.equals("success") && (retryErrors || !s.equals("error")));
                })
                .toList();
    }

    private static void sql(Connection c, String statement, String run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, run);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
