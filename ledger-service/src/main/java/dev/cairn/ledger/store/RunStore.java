package dev.cairn.ledger.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.contracts.Json;
import dev.cairn.ledger.domain.Run;
import dev.cairn.ledger.domain.RunStats;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code ledger.run}: one row per run (its key, fingerprint, state and clocks) and the per-status counts of its items. */
@ApplicationScoped
public class RunStore {

    private static final String COLUMNS = "run_id, pipeline, project, config_id, stage, fingerprint::text, total_items,"
            + " forced, state, generation, unprocessed_files::text, started_at, last_updated, finished_at";

    /** Serialises starts of the same (pipeline, project, config, stage) until the transaction ends. */
    public void lockKey(Connection c, String pipeline, String project, String configId, String stage)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 15))")) {
            ps.setString(1, String.join("/", pipeline, project, configId, stage));
            ps.executeQuery().close();
        }
    }

    public void insert(Connection c, Run r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into ledger.run (run_id, pipeline, project, config_id, stage, fingerprint, total_items, forced,
                                        unprocessed_files, started_at, last_updated)
                values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, coalesce(?, now()), coalesce(?, now()))
                """)) {
            ps.setString(1, r.runId());
            ps.setString(2, r.pipeline());
            ps.setString(3, r.project());
            ps.setString(4, r.configId());
            ps.setString(5, r.stage());
            ps.setString(6, r.fingerprint().toString());
            setLong(ps, 7, r.totalItems());
            ps.setBoolean(8, r.forced());
            ps.setString(9, json(r.unprocessedFiles()));
            ps.setTimestamp(10, r.started() == null ? null : Timestamp.from(r.started()));
            ps.setTimestamp(11, r.lastUpdated() == null ? null : Timestamp.from(r.lastUpdated()));
            ps.executeUpdate();
        }
    }

    public Optional<Run> find(Connection c, String runId, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select " + COLUMNS + " from ledger.run where run_id = ?" + (lock ? " for update" : ""))) {
            ps.setString(1, runId);
            return one(ps);
        }
    }

    /** The latest unfinished run of the key, locked. */
    public Optional<Run> latestRunning(Connection c, String pipeline, String project, String configId, String stage)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + """
                 from ledger.run
                where pipeline = ? and project = ? and config_id = ? and stage = ? and state = 'running'
                order by started_at desc, run_id desc limit 1 for update
                """)) {
            ps.setString(1, pipeline);
            ps.setString(2, project);
            ps.setString(3, configId);
            ps.setString(4, stage);
            return one(ps);
        }
    }

    /** Resume + force: the run starts over under a new generation, with the new fingerprint, forced. */
    public void restart(Connection c, String runId, ObjectNode fingerprint, Long totalItems) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update ledger.run set fingerprint = ?::jsonb, total_items = coalesce(?, total_items), forced = true,
                       generation = generation + 1, state = 'running', finished_at = null, last_updated = now()
                where run_id = ?
                """)) {
            ps.setString(1, fingerprint.toString());
            setLong(ps, 2, totalItems);
            ps.setString(3, runId);
            ps.executeUpdate();
        }
    }

    /** A resumed run: a new total when one is given, and a fresh {@code last_updated}. */
    public void resumed(Connection c, String runId, Long totalItems) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update ledger.run set total_items = coalesce(?, total_items),"
                + " state = 'running', finished_at = null, last_updated = now() where run_id = ?")) {
            setLong(ps, 1, totalItems);
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    /**
     * The run's {@code items_version} (migration V8) after a write of its items: {@code from} is the version before
     * the transaction that took it, and {@code ours} says whether that transaction is the caller's.
     */
    public record ItemsVersion(long version, long from, boolean ours) {}

    /** Records that items were updated now; returns the run's items version as this transaction leaves it. */
    public ItemsVersion touch(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update ledger.run set last_updated = now() where run_id = ?
                returning items_version, coalesce(items_prev_version, -1), items_xact = pg_current_xact_id()
                """)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no run " + runId);
                }
                return new ItemsVersion(rs.getLong(1), rs.getLong(2), rs.getBoolean(3));
            }
        }
    }

    /** The run's {@code items_version} (migration V8), empty when there is no such run. */
    public OptionalLong itemsVersion(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select items_version from ledger.run where run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    public void finish(Connection c, String runId, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update ledger.run set state = ?, finished_at = coalesce(finished_at, now()) where run_id = ?")) {
            ps.setString(1, state);
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    /**
     * The run's items per status (zeros for an unknown run). The counts are kept on the run row by the triggers of
     * {@code V6__run_item_counts.sql} for every write of {@code ledger.run_item}: one row read, whatever the run's size.
     */
    public RunStats stats(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select success_items, error_items, not_found_items, skipped_items from ledger.run where run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new RunStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))
                        : new RunStats(0, 0, 0, 0);
            }
        }
    }

    private static Optional<Run> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static Run row(ResultSet rs) throws SQLException {
        long total = rs.getLong(7);
        Long totalItems = rs.wasNull() ? null : total;
        Timestamp finished = rs.getTimestamp(14);
        try {
            return new Run(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    (ObjectNode) Json.mapper().readTree(rs.getString(6)),
                    totalItems,
                    rs.getBoolean(8),
                    rs.getString(9),
                    rs.getInt(10),
                    Json.mapper().readValue(rs.getString(11), new TypeReference<List<String>>() {}),
                    rs.getTimestamp(12).toInstant(),
                    rs.getTimestamp(13).toInstant(),
                    finished == null ? null : finished.toInstant());
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable JSON in ledger.run " + rs.getString(1), e);
        }
    }

    private static String json(List<String> values) throws SQLException {
        try {
            return Json.mapper().writeValueAsString(values == null ? List.of() : values);
        } catch (JsonProcessingException e) {
            throw new SQLException(e);
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    /** The database's clock. */
    public Instant now(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select now()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
