package dev.cairn.ledger.store;

import dev.cairn.ledger.domain.ItemLine;
import dev.cairn.ledger.domain.ItemStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code ledger.run_item} (the latest status of each item of a run) and {@code ledger.run_item_history}. Statuses are
 * written in one multi-row {@code INSERT ... ON CONFLICT} per batch (arrays through {@code unnest}): the rule of
 * which status may replace which is in the statement, so that a redelivered or concurrent batch cannot break it.
 */
@ApplicationScoped
public class RunItemStore {

    /** What the ledger knows of one candidate of {@code remaining}: its position in the input, status and output. */
    public record Known(int index, String status, String output) {}

    /** What a consumer of {@link #each} receives. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ItemLine line) throws java.io.IOException;
    }

    /**
     * Upserts {@code lines} (one per item: the caller settles repeats within a batch). A line that says what is stored
     * already changes nothing; a {@code success} is replaced only by a {@code success}, unless the run is
     * {@code forced}. Returns how many rows were inserted or changed.
     */
    public int upsert(Connection c, String runId, boolean forced, List<ItemLine> lines) throws SQLException {
        return upsert(c, runId, forced, lines, null);
    }

    /**
     * {@link #upsert(Connection, String, boolean, List)}, and with {@code changed} not null, adds the item and new
     * status of every row the statement inserted or changed ({@code returning}: what the database did, not a guess).
     */
    public int upsert(Connection c, String runId, boolean forced, List<ItemLine> lines, List<ItemStatus> changed)
            throws SQLException {
        if (lines.isEmpty()) {
            return 0;
        }
        Timestamp[] at = new Timestamp[lines.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = lines.get(i).at() == null
                    ? null
                    : Timestamp.from(lines.get(i).at());
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into ledger.run_item as r (run_id, item, status, output, error, at)
                select ?, u.item, u.status, u.output, u.error, coalesce(u.at, now())
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[]) as u(item, status, output, error, at)
                on conflict (run_id, item) do update
                    set status = excluded.status, output = excluded.output, error = excluded.error, at = excluded.at
                    where (r.status <> 'success' or excluded.status = 'success' or ?)
                      and (r.status, r.output, r.error) is distinct from (excluded.status, excluded.output, excluded.error)
                """ + (changed == null ? "" : "returning item, status"))) {
            ps.setString(1, runId);
            ps.setArray(2, Sql.texts(c, lines, ItemLine::item));
            ps.setArray(3, Sql.texts(c, lines, ItemLine::status));
            ps.setArray(4, Sql.texts(c, lines, ItemLine::output));
            ps.setArray(5, Sql.texts(c, lines, ItemLine::error));
            ps.setArray(6, c.createArrayOf("timestamptz", at));
            ps.setBoolean(7, forced);
            if (changed == null) {
                return ps.executeUpdate();
            }
            int rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.add(new ItemStatus(rs.getString(1), rs.getString(2)));
                    rows++;
                }
            }
            return rows;
        }
    }

    /** What {@link #statuses} hands over for each item: its UTF-8 name and its status's code. */
    @FunctionalInterface
    public interface StatusSink {
        void accept(byte[] name, byte status);
    }

    /**
     * Every item of the run with its status ({@link ItemStatus#code}) and the run's {@code items_version}, in one
     * statement, so from one snapshot: the statuses are exactly those of that version. Empty when there is no such
     * run. A cursor: the caller's connection must not auto-commit.
     */
    public OptionalLong statuses(Connection c, String runId, StatusSink sink) throws SQLException {
        StringBuilder codes = new StringBuilder("array[");
        for (int i = 0; i < ItemLine.STATUSES.size(); i++) {
            codes.append(i == 0 ? "'" : ", '").append(ItemLine.STATUSES.get(i)).append('\'');
        }
        codes.append(']');
        try (PreparedStatement ps =
                c.prepareStatement("select null::text collate \"C\", items_version from ledger.run where run_id = ?"
                        + " union all select item, array_position(" + codes + ", status)"
                        + " from ledger.run_item where run_id = ?")) {
            ps.setFetchSize(10_000);
            ps.setString(1, runId);
            ps.setString(2, runId);
            long version = -1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] name = rs.getBytes(1); // text: the UTF-8 bytes as the server sent them
                    if (name == null) {
                        version = rs.getLong(2);
                    } else {
                        sink.accept(name, (byte) rs.getInt(2));
                    }
                }
            }
            return version < 0 ? OptionalLong.empty() : OptionalLong.of(version);
        }
    }

    /** Moves every item status of the run to the history under {@code generation}; returns how many. */
    public int clearToHistory(Connection c, String runId, int generation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                with moved as (delete from ledger.run_item where run_id = ? returning *)
                insert into ledger.run_item_history (run_id, generation, item, status, output, error, at)
                select run_id, ?, item, status, output, error, at from moved
                """)) {
            ps.setString(1, runId);
            ps.setInt(2, generation);
            return ps.executeUpdate();
        }
    }

    /**
     * The candidates (by position) that are not {@code success}, plus, with {@code withS3Outputs}, the successful
     * ones whose output is an {@code s3://} URI, in input order.
     *
     * <p>Each candidate is one probe of the primary key {@code (run_id, item)}: the lateral subquery with
     * {@code limit 1} keeps PostgreSQL from hashing every row of the run (a million rows for a large run, whatever the
     * number of candidates). The candidates go in in {@link ProbeOrder} (close to the index's order, so that
     * consecutive probes descend to neighbouring index and heap pages); the answer names each by its position in that
     * array ({@code with ordinality}) and is put back in input order here. The planner prices the probes high enough
     * to compile the statement (JIT), which costs more than the probes themselves, and the array's rows would spill
     * to a temporary file past the default {@code work_mem}: the caller's transaction sets both for this statement
     * only ({@code set local}).
     */
    public List<Known> candidates(Connection c, String runId, List<String> names, boolean withS3Outputs)
            throws SQLException {
        int[] order = ProbeOrder.of(names);
        String[] probes = new String[order.length];
        for (int i = 0; i < order.length; i++) {
            probes[i] = names.get(order[i]);
        }
        try (Statement s = c.createStatement()) {
            s.execute("set local jit = off; set local work_mem = '64MB'");
        }
        Known[] byIndex = new Known[names.size()];
        try (PreparedStatement ps = c.prepareStatement("""
                select u.ord, r.status, r.output
                from unnest(?::text[]) with ordinality as u(item, ord)
                left join lateral (
                    select status, output from ledger.run_item where run_id = ? and item = u.item limit 1
                ) r on true
                where r.status is null or r.status <> 'success' or (? and r.output like 's3://%')
                """)) {
            ps.setArray(1, c.createArrayOf("text", probes));
            ps.setString(2, runId);
            ps.setBoolean(3, withS3Outputs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int index = order[(int) rs.getLong(1) - 1];
                    byIndex[index] = new Known(index, rs.getString(2), rs.getString(3));
                }
            }
        }
        List<Known> known = new ArrayList<>();
        for (Known k : byIndex) {
            if (k != null) {
                known.add(k);
            }
        }
        return known;
    }

    /** Streams every item of the run in name order (a cursor: the caller's connection must not auto-commit). */
    public void each(Connection c, String runId, RowConsumer consumer) throws SQLException, java.io.IOException {
        try (PreparedStatement ps = c.prepareStatement(
                "select item, status, output, error, at from ledger.run_item where run_id = ? order by item")) {
            ps.setFetchSize(5000);
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(new ItemLine(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
        }
    }
}
