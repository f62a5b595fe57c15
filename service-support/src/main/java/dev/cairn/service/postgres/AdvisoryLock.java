package dev.cairn.service.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * A PostgreSQL session-level advisory lock, held on a connection of its own for as long as this object is open: one
 * holder across every instance of a service (the ledger's outbox relay, a bootstrap scan's worker). When the holder's
 * process dies, PostgreSQL ends its session and frees the lock at once, so another instance takes over without a
 * lease to expire. {@link #close()} unlocks and returns the connection.
 */
public final class AdvisoryLock implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AdvisoryLock.class);

    private final Connection connection;
    private final long key;

    private AdvisoryLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /**
     * Takes {@code key} on a new connection of {@code dataSource} (autocommit), or answers empty when another
     * session holds it.
     *
     * @throws SQLException when the database cannot be reached (the connection, if any, is returned)
     */
    public static Optional<AdvisoryLock> tryAcquire(DataSource dataSource, long key) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return Optional.of(new AdvisoryLock(c, key));
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        closeQuietly(c);
        return Optional.empty();
    }

    /** The session holding the lock, e.g. to {@code LISTEN} on it; it must stay open, and autocommit. */
    public Connection connection() {
        return connection;
    }

    public long key() {
        return key;
    }

    /** False once the session is gone (database restarted, connection cut): the lock is no longer held. */
    public boolean isValid() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        } catch (SQLException e) {
            LOG.debugf("unlock of %d failed (the session ends anyway): %s", key, e.getMessage());
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debugf("closing a connection failed: %s", e.getMessage());
        }
    }
}
