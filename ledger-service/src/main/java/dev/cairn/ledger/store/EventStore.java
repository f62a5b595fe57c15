package dev.cairn.ledger.store;

import dev.cairn.ledger.domain.HistoryEntry;
import dev.cairn.ledger.domain.ProjectKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The history table {@code ledger.event}, which is also the dedupe record: {@link #insertNew} is the first
 * statement of every apply, and an {@code event_id} it did not insert was seen before.
 */
@ApplicationScoped
public class EventStore {

    /*
     * Rows are inserted in event_id order: two transactions applying batches that share a redelivered event then wait
     * for each other's unique-index entries in the same order and cannot deadlock. The timeline order (seq) is the
     * batch order all the same: seq values are reserved first and handed out by position in the batch.
     */
    private static final String INSERT = """
            insert into ledger.event (seq, event_id, payload_hash, pipeline, project, config_id, type, stage, run_id,
                                      occurred_at, started_at, body, source)
            select u.seq, u.event_id, u.hash, u.pipeline, u.project, u.config_id, u.type, u.stage, u.run_id,
                   u.occurred_at::timestamptz, u.started_at::timestamptz, u.body::json, u.source
            from unnest(?::bigint[], ?::text[], ?::bytea[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[])
                 as u(seq, event_id, hash, pipeline, project, config_id, type, stage, run_id, occurred_at, started_at, body, source)
            order by u.event_id
            on conflict (event_id) do nothing
            returning event_id
            """;

    /** Inserts the rows whose {@code event_id} is new, their seq in list order; returns the ids it inserted. */
    public Set<String> insertNew(Connection c, List<EventRow> rows) throws SQLException {
        Set<String> inserted = new HashSet<>();
        if (rows.isEmpty()) {
            return inserted;
        }
        List<Long> seqs = reserveSeq(c, rows.size());
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
            ps.setArray(2, Sql.texts(c, rows, EventRow::eventId));
            ps.setArray(3, Sql.bytes(c, rows, EventRow::payloadHash));
            ps.setArray(4, Sql.texts(c, rows, EventRow::pipeline));
            ps.setArray(5, Sql.texts(c, rows, EventRow::project));
            ps.setArray(6, Sql.texts(c, rows, EventRow::configId));
            ps.setArray(7, Sql.texts(c, rows, EventRow::type));
            ps.setArray(8, Sql.texts(c, rows, EventRow::stage));
            ps.setArray(9, Sql.texts(c, rows, EventRow::runId));
            ps.setArray(10, Sql.texts(c, rows, r -> r.occurredAt().toString()));
            ps.setArray(
                    11,
                    Sql.texts(
                            c,
                            rows,
                            r -> r.startedAt() == null ? null : r.startedAt().toString()));
            ps.setArray(12, Sql.texts(c, rows, EventRow::body));
            ps.setArray(13, Sql.texts(c, rows, EventRow::source));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
        }
        return inserted;
    }

    private static List<Long> reserveSeq(Connection c, int n) throws SQLException {
        List<Long> seqs = new ArrayList<>(n);
        try (PreparedStatement ps =
                c.prepareStatement("select nextval('ledger.event_seq_seq') from generate_series(1, ?)")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
            }
        }
        return seqs;
    }

    /** The stored payload hash of each of {@code eventIds} that exists. */
    public Map<String, byte[]> hashesOf(Connection c, Collection<String> eventIds) throws SQLException {
        Map<String, byte[]> hashes = new HashMap<>();
        if (eventIds.isEmpty()) {
            return hashes;
        }
        try (PreparedStatement ps =
                c.prepareStatement("select event_id, payload_hash from ledger.event where event_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", eventIds.toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hashes.put(rs.getString(1), rs.getBytes(2));
                }
            }
        }
        return hashes;
    }

    /**
     * How much one page of history may hold: at most {@code rows} rows, and rows are added only while the page's
     * payload (the events' JSON bodies and other text, {@link #payloadBytes}) is below {@code bytes}; so a page holds
     * at least one row and passes {@code bytes} by at most one row. {@code fetchSize} rows are read from PostgreSQL at
     * a time (a cursor), never the whole result.
     */
    public record PageBounds(int rows, long bytes, int fetchSize) {}

    /** The rows of one page in {@code seq} order, and whether more follow the last of them. */
    public record Slice(List<HistoryEntry> items, boolean more) {}

    public Slice timeline(Connection c, ProjectKey key, long afterSeq, PageBounds bounds) throws SQLException {
        return query(c, "pipeline = ? and project = ? and config_id = ? and seq > ?", bounds, ps -> {
            ps.setString(1, key.pipeline());
            ps.setString(2, key.project());
            ps.setString(3, key.configId());
            ps.setLong(4, afterSeq);
        });
    }

    public Slice byRun(Connection c, String runId, long afterSeq, PageBounds bounds) throws SQLException {
        return query(c, "run_id = ? and seq > ?", bounds, ps -> {
            ps.setString(1, runId);
            ps.setLong(2, afterSeq);
        });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * Reads one page through a cursor: PostgreSQL's driver holds only {@code fetchSize} rows at a time, and only
     * inside a transaction (auto-commit off), so the read runs in a read-only transaction of its own that is rolled
     * back (it wrote nothing) and the connection's auto-commit is restored.
     */
    private Slice query(Connection c, String where, PageBounds bounds, Binder binder) throws SQLException {
        String sql =
                "select seq, event_id, pipeline, project, config_id, type, stage, run_id, occurred_at, recorded_at, source, body::text "
                        + "from ledger.event where " + where + " order by seq limit " + (bounds.rows() + 1L);
        List<HistoryEntry> out = new ArrayList<>();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(bounds.fetchSize());
            binder.bind(ps);
            long bytes = 0;
            boolean more;
            try (ResultSet rs = ps.executeQuery()) {
                while (out.size() < bounds.rows() && bytes < bounds.bytes() && rs.next()) {
                    HistoryEntry e = new HistoryEntry(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            rs.getTimestamp(9).toInstant(),
                            rs.getTimestamp(10).toInstant(),
                            rs.getString(11),
                            rs.getString(12));
                    out.add(e);
                    bytes += payloadBytes(e);
                }
                more = rs.next();
            }
            return new Slice(out, more);
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    /** The bytes an entry adds to a page: its body's UTF-8 length plus its other text fields (ASCII names). */
    static long payloadBytes(HistoryEntry e) {
        long bytes = utf8Length(e.body()) + 64; // seq and the two times
        for (String s : new String[] {
            e.eventId(), e.pipeline(), e.project(), e.configId(), e.type(), e.stage(), e.runId(), e.source()
        }) {
            bytes += s == null ? 0 : utf8Length(s);
        }
        return bytes;
    }

    private static long utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                n++;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
