package dev.cairn.ledger.store;

import dev.cairn.ledger.config.LedgerConfig;
import dev.cairn.service.error.TooLargeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The transactional outbox {@code ledger.outbox}: rows are appended in the apply transaction and deleted by the
 * relay once Kafka has acknowledged them. Per key, id order is commit order (the state row lock serialises
 * writers of one key), so relaying in id order keeps each key's changes in order.
 */
@ApplicationScoped
public class OutboxStore {

    public static final String CHANNEL = "cairn_outbox";

    public record OutboxRow(long id, String topicKey, byte[] payload, Instant createdAt) {}

    public record Pending(String topicKey, byte[] payload) {}

    private final int maxPayload;

    OutboxStore(LedgerConfig config) {
        this.maxPayload = config.relay().maxPayload();
    }

    /**
     * Appends rows in the caller's transaction.
     *
     * @throws TooLargeException when a payload is over {@code cairn.ledger.relay.max-payload}: the broker would refuse
     *     it and it would stall every completion behind it, so the change is refused before it is committed
     */
    public void append(Connection c, List<Pending> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        for (Pending p : rows) {
            if (p.payload().length > maxPayload) {
                throw new TooLargeException("the completion record of " + p.topicKey() + " would be "
                        + p.payload().length + " bytes, over the limit of " + maxPayload
                        + " (cairn.ledger.relay.max-payload): the change is refused");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into ledger.outbox (topic_key, payload)
                select u.k, u.p from unnest(?::text[], ?::bytea[]) with ordinality as u(k, p, ord) order by u.ord
                """)) {
            ps.setArray(1, Sql.texts(c, rows, Pending::topicKey));
            ps.setArray(2, Sql.bytes(c, rows, Pending::payload));
            ps.executeUpdate();
        }
        try (Statement s = c.createStatement()) {
            s.execute("select pg_notify('" + CHANNEL + "', '')");
        }
    }

    public List<OutboxRow> oldest(Connection c, int limit) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select id, topic_key, payload, created_at from ledger.outbox order by id limit ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getBytes(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
        }
        return rows;
    }

    public void delete(Connection c, List<OutboxRow> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from ledger.outbox where id = any(?)")) {
            ps.setArray(
                    1,
                    c.createArrayOf("bigint", rows.stream().map(OutboxRow::id).toArray(Long[]::new)));
            ps.executeUpdate();
        }
    }

    /** Rows waiting (from the id range: cheap, counts gaps too) and the creation time of the oldest. */
    public record Backlog(long rows, Instant oldest) {}

    public Backlog backlog(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select o.id, o.created_at, (select max(id) from ledger.outbox) "
                        + "from ledger.outbox o order by o.id limit 1")) {
            if (!rs.next()) {
                return new Backlog(0, null);
            }
            return new Backlog(
                    rs.getLong(3) - rs.getLong(1) + 1, rs.getTimestamp(2).toInstant());
        }
    }

    /** The lowest and highest id of the rows in the outbox now; both 0 when it is empty. */
    public record IdRange(long min, long max) {

        public boolean isEmpty() {
            return max == 0;
        }
    }

    /** One index lookup at each end of the primary key; a committed row's id is never above {@code max}. */
    public IdRange idRange(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select coalesce(min(id), 0), coalesce(max(id), 0) from ledger.outbox")) {
            rs.next();
            return new IdRange(rs.getLong(1), rs.getLong(2));
        }
    }
}
