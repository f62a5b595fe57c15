package dev.cairn.bootstrap.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sentinel matches of scans ({@code bootstrap.scan_match}) and their problems: one transaction per listing page
 * holds the page's batched upsert and the checkpoint that follows it, so a crash never loses or double-counts a page.
 * Reads go by keyset (project, ordinal) in byte order, the seed's {@code sorted()} order.
 */
@ApplicationScoped
public class MatchStore {

    /** A position in the (project, ordinal) order. */
    public record Position(String project, int ordinal) {}

    /** One project's highest stage, for the completion-log entries. */
    public record Entry(String project, int ordinal, java.time.Instant lastModified) {}

    public record PageCounts(long objects, long folders, long sentinels) {}

    private final AgroalDataSource db;

    MatchStore(AgroalDataSource db) {
        this.db = db;
    }

    /**
     * Stores a listed page: moves the source's checkpoint, adds the counters, upserts the matches (keeping the newest
     * sentinel per project and stage) and records the problems. Throws {@link ScanStopped} (and so rolls back) when the
     * scan is no longer listing, i.e. was cancelled.
     */
    @Transactional
    public void commitPage(
            UUID scan,
            int ordinal,
            Checkpoint next,
            PageCounts counts,
            List<Match> matches,
            List<SourceProblem> problems) {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE bootstrap.scan_source SET listing_prefix = ?, continuation_token = ?, "
                            + "next_root = ?, done = ?, pages = pages + 1, objects_listed = objects_listed + ?, folders_listed = folders_listed + ?, "
                            + "sentinels_matched = sentinels_matched + ? WHERE scan_id = ? AND ordinal = ? "
                            + "AND EXISTS (SELECT 1 FROM bootstrap.scan WHERE id = ? AND state = 'listing')")) {
                ScanStore.bind(
                        ps,
                        next.listingPrefix(),
                        next.continuationToken(),
                        next.nextRoot(),
                        next.done(),
                        counts.objects(),
                        counts.folders(),
                        counts.sentinels(),
                        scan,
                        ordinal,
                        scan);
                if (ps.executeUpdate() == 0) {
                    throw new ScanStopped(
                            ScanStopped.Why.CANCELLED, "scan " + scan + " is no longer listing (cancelled)");
                }
            }
            if (!matches.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO bootstrap.scan_match AS m (scan_id, project, ordinal, last_modified, key, etag) "
                                + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scan_id, project, ordinal) DO UPDATE "
                                + "SET last_modified = excluded.last_modified, key = excluded.key, etag = excluded.etag "
                                + "WHERE excluded.last_modified > m.last_modified OR (excluded.last_modified = m.last_modified AND excluded.key < m.key)")) {
                    for (Match m : matches) {
                        ps.setObject(1, scan);
                        ps.setString(2, m.project());
                        ps.setInt(3, m.ordinal());
                        ps.setTimestamp(4, Timestamp.from(m.lastModified()));
                        ps.setString(5, m.key());
                        ps.setString(6, m.etag());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            if (!problems.isEmpty()) {
                insertProblems(c, scan, problems);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store a page of scan " + scan + ": " + e.getMessage(), e);
        }
    }

    /** Records problems found after the listing (events the ledger would refuse or refused). */
    public void addProblems(UUID scan, List<SourceProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        try (Connection c = db.getConnection()) {
            insertProblems(c, scan, problems);
        } catch (SQLException e) {
            throw new IllegalStateException("could not store problems of scan " + scan + ": " + e.getMessage(), e);
        }
    }

    private static void insertProblems(Connection c, UUID scan, List<SourceProblem> problems) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO bootstrap.scan_problem (scan_id, ordinal, subject, key, reason) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (SourceProblem p : problems) {
                ScanStore.bind(ps, scan, p.ordinal(), p.subject(), p.key(), p.reason());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The next {@code limit} matches after {@code after} (null: from the start), in (project, ordinal) order. */
    public List<Match> matchesAfter(UUID scan, Position after, int limit) {
        String sql = "SELECT project, ordinal, last_modified, key, etag FROM bootstrap.scan_match WHERE scan_id = ? "
                + (after == null ? "" : "AND (project, ordinal) > (?, ?) ") + "ORDER BY project, ordinal LIMIT ?";
        List<Match> result = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (after == null) {
                ScanStore.bind(ps, scan, limit);
            } else {
                ScanStore.bind(ps, scan, after.project(), after.ordinal(), limit);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Match(
                            rs.getString(1),
                            rs.getInt(2),
                            rs.getTimestamp(3).toInstant(),
                            rs.getString(4),
                            rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the matches of scan " + scan + ": " + e.getMessage(), e);
        }
        return result;
    }

    /** Per project after {@code afterProject} (null: from the start), its highest stage: the seed's "highest level wins". */
    public List<Entry> entriesAfter(UUID scan, String afterProject, int limit) {
        String sql =
                "SELECT DISTINCT ON (project) project, ordinal, last_modified FROM bootstrap.scan_match WHERE scan_id = ? "
                        + (afterProject == null ? "" : "AND project > ? ") + "ORDER BY project, ordinal DESC LIMIT ?";
        List<Entry> result = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (afterProject == null) {
                ScanStore.bind(ps, scan, limit);
            } else {
                ScanStore.bind(ps, scan, afterProject, limit);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Entry(
                            rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the entries of scan " + scan + ": " + e.getMessage(), e);
        }
        return result;
    }

    /** Projects found per stage ordinal (a project counts once per stage it was found at). */
    public Map<Integer, Long> projectsPerStage(UUID scan) {
        return counts(
                "SELECT ordinal, count(*) FROM bootstrap.scan_match WHERE scan_id = ? GROUP BY ordinal ORDER BY ordinal",
                scan);
    }

    /** Projects per level: each project counts once, at its highest stage ordinal. */
    public Map<Integer, Long> projectsPerLevel(UUID scan) {
        return counts(
                "SELECT level, count(*) FROM (SELECT max(ordinal) AS level FROM bootstrap.scan_match WHERE scan_id = ? "
                        + "GROUP BY project) p GROUP BY level ORDER BY level",
                scan);
    }

    public long problemCount(UUID scan) {
        return counts("SELECT 0, count(*) FROM bootstrap.scan_problem WHERE scan_id = ?", scan)
                .getOrDefault(0, 0L);
    }

    public List<SourceProblem> problems(UUID scan, int limit) {
        List<SourceProblem> result = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT ordinal, subject, key, reason FROM bootstrap.scan_problem "
                                + "WHERE scan_id = ? ORDER BY ordinal, subject LIMIT ?")) {
            ScanStore.bind(ps, scan, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new SourceProblem(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the problems of scan " + scan + ": " + e.getMessage(), e);
        }
        return result;
    }

    private Map<Integer, Long> counts(String sql, UUID scan) {
        Map<Integer, Long> result = new LinkedHashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, scan);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getInt(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count for scan " + scan + ": " + e.getMessage(), e);
        }
        return result;
    }
}
