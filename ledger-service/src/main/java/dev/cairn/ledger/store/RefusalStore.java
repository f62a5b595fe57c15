package dev.cairn.ledger.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ledger.refusal}: the events the ledger dead-lettered, by id, and the verdicts {@code POST
 * /api/v1/events/status} reads (with the history table {@code ledger.event}).
 */
@ApplicationScoped
public class RefusalStore {

    /** One refused event: its id, the DLQ reason code and the detail. */
    public record Refusal(String eventId, String reason, String detail) {}

    /** What the ledger knows of one id: when it recorded it, and its latest refusal. Null fields when none. */
    public record Known(Instant recordedAt, byte[] payloadHash, String reason, String detail, Instant refusedAt) {}

    /** Records {@code refusals} (the latest refusal of an id replaces an earlier one). */
    public void record(Connection c, List<Refusal> refusals) throws SQLException {
        Map<String, Refusal> latest = new java.util.LinkedHashMap<>();
        for (Refusal r : refusals) {
            latest.put(r.eventId(), r);
        }
        if (latest.isEmpty()) {
            return;
        }
        List<Refusal> rows = List.copyOf(latest.values());
        try (PreparedStatement ps = c.prepareStatement("""
                insert into ledger.refusal (event_id, reason, detail)
                select * from unnest(?::text[], ?::text[], ?::text[])
                on conflict (event_id) do update
                    set reason = excluded.reason, detail = excluded.detail, refused_at = now()
                """)) {
            ps.setArray(1, Sql.texts(c, rows, Refusal::eventId));
            ps.setArray(2, Sql.texts(c, rows, Refusal::reason));
            ps.setArray(3, Sql.texts(c, rows, Refusal::detail));
            ps.executeUpdate();
        }
    }

    /** The database's clock: the instant a sender compares verdicts with. */
    public Instant now(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select now()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    /** What is known of each of {@code eventIds}; ids the ledger never saw are absent. */
    public Map<String, Known> known(Connection c, Collection<String> eventIds) throws SQLException {
        Map<String, Known> known = new HashMap<>();
        if (eventIds.isEmpty()) {
            return known;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select i.id, e.recorded_at, e.payload_hash, r.reason, r.detail, r.refused_at
                from unnest(?::text[]) as i(id)
                left join ledger.event e on e.event_id = i.id
                left join ledger.refusal r on r.event_id = i.id
                where e.event_id is not null or r.event_id is not null
                """)) {
            ps.setArray(1, c.createArrayOf("text", eventIds.toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.put(
                            rs.getString(1),
                            new Known(
                                    instant(rs, 2), rs.getBytes(3), rs.getString(4), rs.getString(5), instant(rs, 6)));
                }
            }
        }
        return known;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
