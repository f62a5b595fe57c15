package dev.cairn.bootstrap.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One worker per scan across all instances: a PostgreSQL session-level advisory lock, held on a connection of its
 * own for as long as the scan runs. When the process dies, PostgreSQL closes the session and frees the lock at
 * once, so another instance (or this one, restarted) resumes the scan from its checkpoint without waiting for a lease.
 */
@ApplicationScoped
public class ScanLocks {

    private static final Logger LOG = Logger.getLogger(ScanLocks.class);

    private final AgroalDataSource db;

    ScanLocks(AgroalDataSource db) {
        this.db = db;
    }

    /** A held lock; closing it unlocks and returns the connection. */
    public static final class Held implements AutoCloseable {
        private final Connection connection;
        private final long key;

        private Held(Connection connection, long key) {
            this.connection = connection;
            this.key = key;
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
            try (connection;
                    PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, key);
                ps.execute();
            } catch (SQLException e) {
                LOG.debugf("unlock failed (the session ends anyway): %s", e.getMessage());
            }
        }
    }

    /** The lock of {@code scan}, or empty when another worker holds it. */
    public Optional<Held> tryLock(UUID scan) {
        long key = key(scan);
        Connection c = null;
        try {
            c = db.getConnection();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return Optional.of(new Held(c, key));
                    }
                }
            }
            c.close();
            return Optional.empty();
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalStateException("could not lock scan " + scan + ": " + e.getMessage(), e);
        }
    }

    /** 64 bits of the scan id, salted so that another service's advisory locks in the same database do not collide. */
    static long key(UUID scan) {
        return scan.getMostSignificantBits()
                ^ Long.rotateLeft(scan.getLeastSignificantBits(), 17)
                ^ 0x43414952_4E424F4FL;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing to add
            }
        }
    }
}
