package dev.cairn.bootstrap.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Scans and their sources in {@code bootstrap.scan} / {@code bootstrap.scan_source}: creation, state changes, reads. */
@ApplicationScoped
public class ScanStore {

    private static final String SCAN_COLUMNS =
            "id, pipeline, config_id, dry_run, state, error, created_at, started_at, "
                    + "finished_at, attempts, resumed_objects, events_emitted, level_counts::text, ledger_since, events_applied, "
                    + "duplicates, refused";
    private static final String ACTIVE = "('queued', 'listing', 'emitting', 'confirming')";

    private final AgroalDataSource db;
    private final ObjectMapper json;

    ScanStore(AgroalDataSource db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    public record NewSource(
            int ordinal,
            String stage,
            String bucket,
            String prefix,
            String layout,
            List<String> sentinels,
            String projectPattern) {}

    @Transactional
    public void insert(
            UUID id, String pipeline, String configId, boolean dryRun, List<NewSource> sources, Instant now) {
        try (Connection c = db.getConnection();
                PreparedStatement scan = c.prepareStatement(
                        "INSERT INTO bootstrap.scan (id, pipeline, config_id, dry_run, state, created_at) "
                                + "VALUES (?, ?, ?, ?, 'queued', ?)");
                PreparedStatement source = c.prepareStatement(
                        "INSERT INTO bootstrap.scan_source (scan_id, ordinal, stage, bucket, prefix, "
                                + "layout, sentinels, project_pattern, listing_prefix) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
            scan.setObject(1, id);
            scan.setString(2, pipeline);
            scan.setString(3, configId);
            scan.setBoolean(4, dryRun);
            scan.setTimestamp(5, Timestamp.from(now));
            scan.executeUpdate();
            for (NewSource s : sources) {
                source.setObject(1, id);
                source.setInt(2, s.ordinal());
                source.setString(3, s.stage());
                source.setString(4, s.bucket());
                source.setString(5, s.prefix());
                source.setString(6, s.layout());
                source.setString(7, json.writeValueAsString(s.sentinels()));
                source.setString(8, s.projectPattern());
                source.setString(9, s.prefix());
                source.addBatch();
            }
            source.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not store scan " + id + ": " + e.getMessage(), e);
        }
    }

    public Optional<ScanRecord> find(UUID id) {
        List<ScanRecord> found =
                query("SELECT " + SCAN_COLUMNS + " FROM bootstrap.scan WHERE id = ?", ps -> ps.setObject(1, id));
        return found.stream().findFirst();
    }

    /** Newest first; {@code state} null for every state. */
    public List<ScanRecord> list(String state, int limit) {
        return query(
                "SELECT " + SCAN_COLUMNS
                        + " FROM bootstrap.scan WHERE (?::text IS NULL OR state = ?) ORDER BY created_at DESC, id LIMIT ?",
                ps -> {
                    ps.setString(1, state);
                    ps.setString(2, state);
                    ps.setInt(3, limit);
                });
    }

    /** Scans a worker should run (queued, or interrupted while listing or emitting), oldest first. */
    public List<UUID> active(int limit) {
        return query(
                        "SELECT " + SCAN_COLUMNS + " FROM bootstrap.scan WHERE state IN " + ACTIVE
                                + " ORDER BY created_at, id LIMIT ?",
                        ps -> ps.setInt(1, limit))
                .stream()
                .map(ScanRecord::id)
                .toList();
    }

    public List<SourceRecord> sources(UUID id) {
        List<SourceRecord> result = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT ordinal, stage, bucket, prefix, layout, sentinels::text, project_pattern, "
                                + "listing_prefix, continuation_token, next_root, done, pages, objects_listed, folders_listed, sentinels_matched "
                                + "FROM bootstrap.scan_source WHERE scan_id = ? ORDER BY ordinal")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> sentinels = json.readValue(rs.getString(6), new TypeReference<List<String>>() {});
                    result.add(new SourceRecord(
                            rs.getInt(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            sentinels,
                            rs.getString(7),
                            new Checkpoint(rs.getString(8), rs.getString(9), rs.getString(10), rs.getBoolean(11)),
                            rs.getLong(12),
                            rs.getLong(13),
                            rs.getLong(14),
                            rs.getLong(15)));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not read the sources of scan " + id + ": " + e.getMessage(), e);
        }
        return result;
    }

    /** A worker takes the scan up: counts the attempt and remembers what it resumes from. Empty when no longer active. */
    @Transactional
    public Optional<String> start(UUID id) {
        return updateReturningState(
                "UPDATE bootstrap.scan SET state = CASE WHEN state = 'queued' THEN 'listing' ELSE state END, "
                        + "started_at = coalesce(started_at, now()), attempts = attempts + 1, "
                        + "resumed_objects = (SELECT coalesce(sum(objects_listed), 0) FROM bootstrap.scan_source WHERE scan_id = ?) "
                        + "WHERE id = ? AND state IN " + ACTIVE + " RETURNING state",
                id,
                id);
    }

    /** The listing is complete: a dry run is done, a real run goes on to emit. */
    @Transactional
    public void listed(UUID id, boolean dryRun, String levelCountsJson) {
        String next = dryRun ? "'completed', finished_at = now()" : "'emitting'";
        int n = update(
                "UPDATE bootstrap.scan SET state = " + next
                        + ", level_counts = ?::jsonb WHERE id = ? AND state = 'listing'",
                levelCountsJson,
                id);
        requireActive(n, id);
    }

    /** Every event is acknowledged by Kafka: the scan waits for the ledger's verdicts. */
    @Transactional
    public void confirming(UUID id) {
        requireActive(
                update("UPDATE bootstrap.scan SET state = 'confirming' WHERE id = ? AND state = 'emitting'", id), id);
    }

    /** The ledger's clock before the first event is sent, kept from the first attempt on. */
    @Transactional
    public Instant ledgerSince(UUID id, Instant now) {
        update(
                "UPDATE bootstrap.scan SET ledger_since = coalesce(ledger_since, ?) WHERE id = ?",
                Timestamp.from(now),
                id);
        return find(id).map(ScanRecord::ledgerSince)
                .orElseThrow(() -> new ScanStopped(ScanStopped.Why.CANCELLED, "scan " + id + " is gone"));
    }

    /** The ledger has a verdict on every event: completed, or completed with problems when it refused some. */
    @Transactional
    public void confirmed(UUID id, long applied, long duplicates, long refused) {
        requireActive(
                update(
                        "UPDATE bootstrap.scan SET state = ?, events_applied = ?, duplicates = ?, refused = ?, "
                                + "finished_at = now() WHERE id = ? AND state = 'confirming'",
                        refused > 0 ? ScanRecord.COMPLETED_WITH_PROBLEMS : ScanRecord.COMPLETED,
                        applied,
                        duplicates,
                        refused,
                        id),
                id);
    }

    @Transactional
    public void failed(UUID id, String error) {
        update(
                "UPDATE bootstrap.scan SET state = 'failed', error = ?, finished_at = now() WHERE id = ? AND state IN "
                        + ACTIVE,
                error,
                id);
    }

    /** Cancels an active scan; false when it does not exist or has already ended. */
    @Transactional
    public boolean cancel(UUID id) {
        return update(
                        "UPDATE bootstrap.scan SET state = 'cancelled', finished_at = now() WHERE id = ? AND state IN "
                                + ACTIVE,
                        id)
                == 1;
    }

    /** Moves the emission checkpoint past {@code count} acknowledged events, or stops when the scan was cancelled. */
    @Transactional
    public void emitted(UUID id, String project, int ordinal, int count) {
        int n = update(
                "UPDATE bootstrap.scan SET emitted_project = ?, emitted_ordinal = ?, events_emitted = events_emitted + ? "
                        + "WHERE id = ? AND state = 'emitting'",
                project,
                ordinal,
                count,
                id);
        requireActive(n, id);
    }

    /** The emission checkpoint: (project, ordinal) of the last acknowledged event, or null. */
    public Optional<MatchStore.Position> emittedUpTo(UUID id) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT emitted_project, emitted_ordinal FROM bootstrap.scan WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null
                        ? Optional.of(new MatchStore.Position(rs.getString(1), rs.getInt(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not read the emission checkpoint of scan " + id + ": " + e.getMessage(), e);
        }
    }

    private static void requireActive(int updated, UUID id) {
        if (updated == 0) {
            throw new ScanStopped(ScanStopped.Why.CANCELLED, "scan " + id + " was cancelled");
        }
    }

    private Optional<String> updateReturningState(String sql, Object... args) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("scan update failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("scan update failed: " + e.getMessage(), e);
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else {
                ps.setObject(i + 1, args[i]);
            }
        }
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<ScanRecord> query(String sql, Binder binder) {
        List<ScanRecord> result = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new ScanRecord(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getBoolean(4),
                            rs.getString(5),
                            rs.getString(6),
                            instant(rs, 7),
                            instant(rs, 8),
                            instant(rs, 9),
                            rs.getInt(10),
                            rs.getLong(11),
                            rs.getLong(12),
                            rs.getString(13),
                            instant(rs, 14),
                            (Long) rs.getObject(15),
                            (Long) rs.getObject(16),
                            (Long) rs.getObject(17)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("scan query failed: " + e.getMessage(), e);
        }
        return result;
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
