package dev.cairn.bootstrap.store;

import dev.cairn.service.postgres.AdvisoryLock;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * One worker per scan across all instances: the scan's PostgreSQL advisory lock ({@link AdvisoryLock}), held on a
 * connection of its own for as long as the scan runs. When the process dies, PostgreSQL closes the session and frees
 * the lock at once, so another instance (or this one, restarted) resumes the scan from its checkpoint without waiting
 * for a lease.
 */
@ApplicationScoped
public class ScanLocks {

    private final AgroalDataSource db;

    ScanLocks(AgroalDataSource db) {
        this.db = db;
    }

    /** The lock of {@code scan}, or empty when another worker holds it; closing it unlocks. */
    public Optional<AdvisoryLock> tryLock(UUID scan) {
        try {
            return AdvisoryLock.tryAcquire(db, key(scan));
        } catch (SQLException e) {
            throw new IllegalStateException("could not lock scan " + scan + ": " + e.getMessage(), e);
        }
    }

    /** 64 bits of the scan id, salted so that another service's advisory locks in the same database do not collide. */
    static long key(UUID scan) {
        return scan.getMostSignificantBits()
                ^ Long.rotateLeft(scan.getLeastSignificantBits(), 17)
                ^ 0x43414952_4E424F4FL;
    }
}
