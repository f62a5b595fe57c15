package dev.cairn.ledger.messaging;

import dev.cairn.service.error.TooLargeException;
import java.sql.SQLException;

/**
 * Tells the one failure that an event itself causes from all the others. Only a data error (SQLState class 22, data
 * exception, or 23, integrity constraint violation) is the event's fault; everything else (connection lost, read-only
 * standby after a failover, revoked grant, missing table, lock or statement timeout, a driver or pool error) is the
 * database's, and is retried until it passes: dead-lettering events for it would lose them.
 */
final class Failures {

    private Failures() {}

    /**
     * True when the first SQL error in the chain is of class 22 or 23, or the change is refused as too large for the
     * outbox ({@code cairn.ledger.relay.max-payload}).
     */
    static boolean isDataError(Throwable failure) {
        for (Throwable t = Retries.unwrap(failure); t != null; t = t.getCause()) {
            if (t instanceof TooLargeException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state != null && (state.startsWith("22") || state.startsWith("23"));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        String state = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            root = t;
            if (state == null && t instanceof SQLException sql) {
                state = sql.getSQLState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return root.getClass().getSimpleName() + (state == null ? "" : " [SQLState " + state + "]") + ": "
                + root.getMessage();
    }
}
