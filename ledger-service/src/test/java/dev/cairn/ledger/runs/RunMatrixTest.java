package dev.cairn.ledger.runs;

import static dev.cairn.ledger.runs.RunTests.get;
import static dev.cairn.ledger.runs.RunTests.items;
import static dev.cairn.ledger.runs.RunTests.line;
import static dev.cairn.ledger.runs.RunTests.request;
import static dev.cairn.ledger.runs.RunTests.start;
import static dev.cairn.ledger.runs.RunTests.startNew;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The document's behaviour matrix, row by row, and the fingerprint check. */
@QuarkusTest
class RunMatrixTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void neitherFlagStartsANewRunEachTime() {
        String pipeline = RunTests.pipeline("matrix-none");
        ObjectNode req = request(pipeline, "p1", "/photos", Map.of());
        String first = startNew(req);
        String second = startNew(req);
        assertThat(second).isNotEqualTo(first);
        get(second).body("state", equalTo("running")).body("processed", equalTo(0));
    }

    @Test
    void resumeFindsTheLatestUnfinishedRunElseStartsOneAndSaysWhich() {
        String pipeline = RunTests.pipeline("matrix-resume");
        ObjectNode req = request(pipeline, "p1", "/photos", Map.of("suffixes", List.of(".jpg")));
        req.put("resume", true);
        String first = start(req)
                .statusCode(201)
                .body("created", equalTo(true))
                .body("resumed", equalTo(false))
                .body("message", startsWith("No unfinished run found"))
                .extract()
                .path("run_id");
        req.remove("resume");
        String latest = startNew(req);
        items(latest, line("a.json", "success", "out/a.jpg") + line("b.json", "error", "boom"))
                .statusCode(200);
        req.put("resume", true);
        start(req)
                .statusCode(200)
                .body("run_id", equalTo(latest))
                .body("resumed", equalTo(true))
                .body("created", equalTo(false))
                .body("message", equalTo("Resuming: skipping 1 already-processed items"));
        // a finished run is not resumed: the latest unfinished one is
        RunTests.finish(latest, "completed").statusCode(200);
        start(req).statusCode(200).body("run_id", equalTo(first));
    }

    @Test
    void runIdUsesThatRunAndCreatesItWhenAbsent() {
        String pipeline = RunTests.pipeline("matrix-id");
        ObjectNode req = request(pipeline, "p1", "/photos", Map.of());
        String older = startNew(req);
        startNew(req);
        items(older, line("a.json", "success", null)).statusCode(200);
        req.put("run_id", older);
        start(req).statusCode(200).body("run_id", equalTo(older)).body("run.success", equalTo(1));
        req.put("run_id", "given-" + pipeline);
        start(req).statusCode(201).body("run_id", equalTo("given-" + pipeline));
        ObjectNode other = request(pipeline, "p2", "/photos", Map.of());
        other.put("run_id", older);
        start(other).statusCode(409).body("error", equalTo("run_mismatch"));
    }

    @Test
    void forceStartsANewRunThatIgnoresEarlierState() {
        String pipeline = RunTests.pipeline("matrix-force");
        ObjectNode req = request(pipeline, "p1", "/photos", Map.of());
        String earlier = startNew(req);
        items(earlier, line("a.json", "success", null)).statusCode(200);
        req.put("force", true);
        String forced = start(req)
                .statusCode(201)
                .body("run.forced", equalTo(true))
                .extract()
                .path("run_id");
        assertThat(forced).isNotEqualTo(earlier);
        get(forced).body("processed", equalTo(0));
        get(earlier).body("processed", equalTo(1));
        assertThat(RunTests.remainingNames(forced, List.of("a.json"), "")).containsExactly("a.json");
    }

    @Test
    void resumeAndForceClearTheSameRunAndKeepTheHistory() throws Exception {
        String pipeline = RunTests.pipeline("matrix-resume-force");
        ObjectNode req = request(pipeline, "p1", "/photos", Map.of());
        String run = startNew(req);
        items(run, line("a.json", "success", null) + line("b.json", "error", "x"))
                .statusCode(200);
        req.put("resume", true);
        req.put("force", true);
        start(req)
                .statusCode(200)
                .body("run_id", equalTo(run))
                .body("cleared", equalTo(2))
                .body("run.generation", equalTo(2))
                .body("run.forced", equalTo(true))
                .body("run.processed", equalTo(0));
        assertThat(RunTests.remainingNames(run, List.of("a.json", "b.json"), ""))
                .containsExactly("a.json", "b.json");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select item, status, generation from ledger.run_item_history where run_id = ? order by item")) {
            ps.setString(1, run);
            ResultSet rs = ps.executeQuery();
            List<String> kept = new ArrayList<>();
            while (rs.next()) {
                kept.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3));
            }
            assertThat(kept).containsExactly("a.json success 1", "b.json error 1");
        }
    }

    @Test
    void aChangedFingerprintIsRefusedWithEachDifferenceThenAcceptedWithForce() {
        String pipeline = RunTests.pipeline("fingerprint");
        ObjectNode req = request(pipeline, "p1", "/photos/2023", Map.of("suffixes", List.of(".jpg"), "q", 90));
        String run = startNew(req);
        items(run, line("a.json", "success", null)).statusCode(200);
        ObjectNode changed = request(pipeline, "p1", "/photos/2024", Map.of("suffixes", List.of(".png"), "q", 90));
        changed.put("resume", true);
        start(changed)
                .statusCode(409)
                .body("error", equalTo("fingerprint_changed"))
                .body("problems.field", containsInAnyOrder("fingerprint.source", "fingerprint.options.suffixes"))
                .body(
                        "problems.find { it.field == 'fingerprint.source' }.message",
                        equalTo("was \"/photos/2023\", now \"/photos/2024\""));
        get(run).body("fingerprint.source", equalTo("/photos/2023")).body("processed", equalTo(1));
        changed.put("force", true);
        start(changed)
                .statusCode(200)
                .body("run_id", equalTo(run))
                .body("run.fingerprint.source", equalTo("/photos/2024"));
        changed.remove("force");
        start(changed).statusCode(200).body("run_id", equalTo(run));
    }

    @Test
    void anUndeclaredStageOrABadNameIsRefusedAndNothingIsCreated() {
        String pipeline = RunTests.pipeline("matrix-bad");
        ObjectNode req = request(pipeline, "p1", "/photos", Map.of());
        req.put("stage", "nope");
        start(req).statusCode(422).body("error", equalTo("unknown_stage"));
        req.put("stage", "process");
        req.put("project", "../etc");
        start(req).statusCode(422).body("error", equalTo("invalid_run")).body("problems[0].field", equalTo("project"));
        req.put("project", "p1");
        req.put("fingerprint", "text");
        start(req).statusCode(422).body("problems[0].field", equalTo("fingerprint"));
    }
}
