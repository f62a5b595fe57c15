package dev.cairn.ledger.messaging;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/** Tells a passing failure (database down, deadlock, lock timeout) from one that will never succeed. */
final class Failures {

    /** SQLState classes: 08 connection, 40 transaction rollback, 53 resources, 57 operator intervention, 58 system. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");

    private Failures() {}

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state == null || state.length() < 2 || TRANSIENT_CLASSES.contains(state.substring(0, 2))) {
                    return true;
                }
                return false;
            }
            if (t instanceof IllegalStateException
                    && String.valueOf(t.getMessage()).contains("acquisition timeout")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
