package dev.cairn.ledger;

import static dev.cairn.ledger.LedgerTests.T0;
import static dev.cairn.ledger.LedgerTests.api;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.EventTypes;
import dev.cairn.contracts.StageEventValidator;
import dev.cairn.ledger.service.CanonicalEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Numbers are canonical in the duplicate hash ({@code 1} and {@code 1.0} are the same payload), and an event whose
 * hash was stored before that change (the hash of the form as sent) is still a duplicate of its redelivery.
 */
@QuarkusTest
class NumberCanonicalHashTest {

    @Inject
    DataSource db;

    private static ObjectNode event(String pipeline, String id, String rows) {
        ObjectNode e = LedgerTests.event(id, EventTypes.COMPLETED, pipeline, id.replace('-', '_'), "metashape", T0);
        e.putObject("metrics").put("rows_processed", new java.math.BigDecimal(rows));
        return e;
    }

    private static void post(ObjectNode e, int status, String result) {
        api().body(e.toString())
                .post("/api/v1/events")
                .then()
                .statusCode(status)
                .body("results[0].status", equalTo(result));
    }

    @Test
    void oneAndOnePointZeroAreTheSamePayload() {
        String pipeline = LedgerTests.unique("numbers");
        LedgerTests.declare(pipeline, "metashape");
        post(event(pipeline, pipeline + "-a", "1"), 201, "applied");
        post(event(pipeline, pipeline + "-a", "1.0"), 200, "duplicate");
        api().body(event(pipeline, pipeline + "-a", "2").toString())
                .post("/api/v1/events")
                .then()
                .statusCode(409)
                .body("error", equalTo("conflicting_duplicate"));
    }

    @Test
    void aHashStoredBeforeNumbersWereCanonicalStillDedupes() throws Exception {
        String pipeline = LedgerTests.unique("numbers");
        LedgerTests.declare(pipeline, "metashape");
        ObjectNode e = event(pipeline, pipeline + "-old", "1.0");
        post(e, 201, "applied");
        // the row as an older ledger stored it: the hash of the payload's form as sent
        byte[] legacy = CanonicalEvent.of(
                        new StageEventValidator().validate(e.toString()).event())
                .legacyHash();
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("update ledger.event set payload_hash = ? where event_id = ?")) {
            ps.setBytes(1, legacy);
            ps.setString(2, pipeline + "-old");
            org.assertj.core.api.Assertions.assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        post(e, 200, "duplicate");
        api().get("/api/v1/completions/" + pipeline + "/" + (pipeline + "-old").replace('-', '_'))
                .then()
                .statusCode(200)
                .body("version", equalTo(1));
    }
}
