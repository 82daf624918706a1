package org.pointsledger.api.problems;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletException;
import java.io.EOFException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Proves the failures of an unreachable database are told apart from every other failure. */
class DatabaseUnavailableTest {

    @Test
    void isCause_recognisesAnUnreachableDatabase_howeverItIsWrapped() {
        assertThat(DatabaseUnavailable.isCause(new CannotCreateTransactionException("no",
                new SQLTransientConnectionException("timed out")))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new RuntimeException(
                new SQLException("gone", "08006")))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new ServletException("Handler dispatch failed",
                new AssertionError("should not throw", new EOFException())))).isTrue();
        assertThat(DatabaseUnavailable.isCause(new RuntimeException(
                new SQLException("Connection is closed")))).isTrue();
        AssertionError driverAssertion = new AssertionError("getAutoCommit() should not throw");
        driverAssertion.setStackTrace(new StackTraceElement[] {new StackTraceElement(
                "org.postgresql.jdbc.BatchResultHandler", "isAutoCommit", null, 115)});
        assertThat(DatabaseUnavailable.isCause(new ServletException("Handler dispatch failed",
                driverAssertion))).isTrue();
    }

    @Test
    void isCause_refusesOtherFailures() {
        assertThat(DatabaseUnavailable.isCause(new ServletException("Handler dispatch failed",
                new AssertionError("our own invariant")))).isFalse();
        assertThat(DatabaseUnavailable.isCause(new DuplicateKeyException("dup",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseUnavailable.isCause(new IllegalStateException("bug"))).isFalse();
    }
}
