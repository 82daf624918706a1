package org.pointsledger.api.problems;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Recognises a failure that means "the database cannot be reached", however Spring, Hikari,
 * the JDBC driver or Axon wrapped it: the client should send the request again later (503),
 * and it is not a defect of the service (500).
 */
final class DatabaseUnavailable {

    /** Causes followed at most: a guard against a cause chain that loops. */
    private static final int CAUSES_MAX = 20;
    /** SQLState class 08: connection exception (both PostgreSQL and H2). */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now. */
    private static final java.util.Set<String> SHUTDOWN_STATES =
            java.util.Set.of("57P01", "57P02", "57P03");

    private DatabaseUnavailable() {
    }

    static boolean isCause(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < CAUSES_MAX; depth++) {
            if (cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof SocketException
                    || cause instanceof EOFException
                    || isDriverAssertion(cause)
                    || cause instanceof SQLException sql && isConnectionState(sql)) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }

    /**
     * With assertions enabled (as in the tests) the PostgreSQL driver asserts that a closed
     * connection still answers getAutoCommit, and so reports a connection lost in the middle of
     * a batch as an AssertionError of its own, without a cause.
     */
    private static boolean isDriverAssertion(Throwable failure) {
        StackTraceElement[] frames = failure.getStackTrace();
        return failure instanceof AssertionError && frames.length > 0
                && frames[0].getClassName().startsWith("org.postgresql.");
    }

    /**
     * A connection failure by its SQLState, or a connection the pool or the driver already
     * closed under the statement (Hikari reports that without a SQLState).
     */
    private static boolean isConnectionState(SQLException failure) {
        String sqlState = failure.getSQLState();
        if (sqlState == null) {
            String message = String.valueOf(failure.getMessage()).toLowerCase();
            return message.contains("connection is closed")
                    || message.contains("connection has been closed");
        }
        return sqlState.startsWith(CONNECTION_EXCEPTION_CLASS)
                || SHUTDOWN_STATES.contains(sqlState);
    }
}
