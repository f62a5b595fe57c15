package dev.cairn.ledger.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * {@code ledger.parked}: records that can never be sent (docs/design.md §4), kept for an operator instead of blocking the
 * ones behind them. {@code origin} says where the record came from: {@code outbox:<id>} or the source
 * {@code topic-partition@offset} of a dead-lettered stage event.
 */
@ApplicationScoped
public class ParkedStore {

    /** What is parked: an outbox row or a stage event's DLQ copy. */
    public enum Kind {
        OUTBOX,
        DLQ
    }

    public record Parked(Kind kind, String topic, String topicKey, byte[] payload, String reason, String origin) {}

    public void park(Connection c, Parked p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into ledger.parked (kind, topic, topic_key, payload, reason, origin) values (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, p.kind().name().toLowerCase(java.util.Locale.ROOT));
            ps.setString(2, p.topic());
            ps.setString(3, p.topicKey());
            ps.setBytes(4, p.payload());
            ps.setString(5, p.reason());
            ps.setString(6, p.origin());
            ps.executeUpdate();
        }
    }
}
