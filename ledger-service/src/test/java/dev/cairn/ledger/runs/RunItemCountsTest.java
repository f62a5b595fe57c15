package dev.cairn.ledger.runs;

import static dev.cairn.ledger.runs.RunTests.batch;
import static dev.cairn.ledger.runs.RunTests.get;
import static dev.cairn.ledger.runs.RunTests.items;
import static dev.cairn.ledger.runs.RunTests.line;
import static dev.cairn.ledger.runs.RunTests.remainingNames;
import static dev.cairn.ledger.runs.RunTests.request;
import static dev.cairn.ledger.runs.RunTests.start;
import static dev.cairn.ledger.runs.RunTests.startNew;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The per-status counts kept on the run row (V6 triggers) against the rows themselves, the run's existence checked
 * per batch instead of per row, and {@code remaining} answering in input order whatever the order of the names.
 */
@QuarkusTest
class RunItemCountsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void countsMatchTheItemRowsThroughReplacementsRepeatsAndAClearing() throws Exception {
        ObjectNode req = request(RunTests.pipeline("counts"), "p1", "/photos", Map.of());
        String run = startNew(req);
        String[][] first = {
            {"a", "success", null},
            {"b", "error", "x"},
            {"c", "not_found", "gone"},
            {"d", "skipped", null},
            {"e", "error", "y"}
        };
        items(run, batch(first)).statusCode(200);
        String[][] second = {
            {"b", "success", null},
            {"a", "error", "late"},
            {"c", "success", null},
            {"e", "error", "y"},
            {"f", "skipped", null}
        };
        items(run, batch(second))
                .statusCode(200)
                .body("changed", equalTo(3))
                .body("progress", equalTo("6/? (1 errors)"));
        items(run, line("e", "error", "y")).statusCode(200).body("changed", equalTo(0));
        assertCounts(run, 3, 1, 0, 2);
        assertThat(rowsPerStatus(run)).isEqualTo(Map.of("success", 3, "error", 1, "skipped", 2));

        req.put("resume", true);
        req.put("force", true);
        start(req).statusCode(200).body("cleared", equalTo(6)).body("run.processed", equalTo(0));
        assertCounts(run, 0, 0, 0, 0);
        items(run, line("a", "error", "reprocessing failed") + line("g", "not_found", "gone"))
                .statusCode(200);
        items(run, line("a", "success", null)).statusCode(200);
        items(run, line("a", "error", "forced: an error replaces a success")).statusCode(200);
        assertCounts(run, 0, 1, 1, 0);
        assertThat(rowsPerStatus(run)).isEqualTo(Map.of("error", 1, "not_found", 1));
    }

    @Test
    void itemRowsOfAMissingRunAreRefusedAndADeletedRunTakesItsItems() throws Exception {
        String run = startNew(request(RunTests.pipeline("counts-fk"), "p1", "/photos", Map.of()));
        items(run, line("a", "success", null) + line("b", "error", "x")).statusCode(200);
        try (Connection c = dataSource.getConnection()) {
            assertThatThrownBy(() -> sql(
                            c,
                            "insert into ledger.run_item (run_id, item, status, at) values (?, 'x', 'success', now()),"
                                    + " ('no-such-run', 'y', 'success', now())",
                            run))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no-such-run")
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("23503");
            assertThat(rowsPerStatus(run)).isEqualTo(Map.of("success", 1, "error", 1));
            sql(c, "delete from ledger.run where run_id = ?", run);
        }
        assertThat(rowsPerStatus(run)).isEmpty();
    }

    @Test
    void remainingAnswersInInputOrderWhateverTheOrderOfTheNames() {
        String run = startNew(request(RunTests.pipeline("order"), "p1", "/photos", Map.of()));
        items(
                        run,
                        line("alpha", "success", null)
                                + line("beta", "success", null)
                                + line("mid", "error", "x")
                                + line("zeta", "not_found", "gone")
                                + line("omega", "skipped", null))
                .statusCode(200);
        List<String> candidates = List.of("zeta", "beta", "new-2", "mid", "alpha", "omega", "new-1", "zeta");
        assertThat(remainingNames(run, candidates, ""))
                .containsExactly("zeta", "new-2", "mid", "omega", "new-1", "zeta");
        assertThat(remainingNames(run, candidates, "?retry_errors=false"))
                .containsExactly("zeta", "new-2", "omega", "new-1", "zeta");

        StringBuilder even = new StringBuilder();
        IntStream.range(0, 2_000).filter(i -> i % 2 == 0).forEach(i -> even.append(line("n" + i, "success", null)));
        items(run, even.toString()).statusCode(200);
        List<String> reversed = IntStream.range(0, 2_000)
                .map(i -> 1_999 - i)
                .mapToObj(i -> "n" + i)
                .toList();
        assertThat(remainingNames(run, reversed, ""))
                .containsExactlyElementsOf(reversed.stream()
                        .filter(n -> Integer.parseInt(n.substring(1)) % 2 == 1)
                        .toList());
    }

    private static void assertCounts(String run, int success, int errors, int notFound, int skipped) {
        ValidatableResponse r = get(run);
        r.body("success", equalTo(success))
                .body("errors", equalTo(errors))
                .body("not_found", equalTo(notFound))
                .body("skipped", equalTo(skipped))
                .body("processed", equalTo(success + errors + notFound + skipped));
    }

    private Map<String, Integer> rowsPerStatus(String run) throws SQLException {
        Map<String, Integer> rows = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select status, count(*) from ledger.run_item where run_id = ? group by status")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return rows;
    }

    private static void sql(Connection c, String statement, String run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, run);
            ps.executeUpdate();
        }
    }
}
