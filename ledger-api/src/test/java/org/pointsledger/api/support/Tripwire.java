package org.pointsledger.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;

/**
 * The web slices' database and command bus: whatever reaches either is recorded and refused.
 * The slice's services are the real ones, built on these two, so a slice test that ends with
 * nothing recorded proves that its requests were answered before any read or write of the
 * ledger: a refusal that "changes nothing" provably touched nothing. Written by hand rather
 * than mocked, so that no answer of a stand-in can make a refusal pass.
 *
 * <p>A reached tripwire also throws, which the API answers as a 500; the record is what the
 * test checks ({@link #assertNotReached}), since the answer alone could hide it.
 */
public final class Tripwire {

    private final List<String> reached = new ArrayList<>();

    /** The database of the slice: every connection asked of it is recorded and refused. */
    public DataSource dataSource() {
        return new Database();
    }

    /** Axon's command bus of the slice: every command sent to it is recorded and refused. */
    public CommandBus commandBus() {
        return new Commands();
    }

    /** Axon's transaction manager of the slice: a transaction begun is recorded and refused. */
    public TransactionManager transactionManager() {
        return () -> {
            throw trip("the database (a transaction of a batch of commands)");
        };
    }

    /** Asserts that nothing reached the database or the command bus since the last check. */
    public void assertNotReached(String during) {
        List<String> seen;
        synchronized (reached) {
            seen = List.copyOf(reached);
            reached.clear();
        }
        assertThat(seen).as("the database or the command bus was reached during " + during
                + "; a refusal must come before either").isEmpty();
    }

    private AssertionError trip(String what) {
        synchronized (reached) {
            reached.add(what);
        }
        return new AssertionError(what + " was reached in a web slice, which has neither a"
                + " database nor a command bus");
    }

    private final class Database implements DataSource {

        @Override
        public Connection getConnection() {
            throw trip("the database");
        }

        @Override
        public Connection getConnection(String username, String password) {
            throw trip("the database");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // Nothing is logged: nothing connects.
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // Nothing connects, so nothing waits.
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("a tripwire has no logger");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("a tripwire wraps nothing");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    private final class Commands implements CommandBus {

        @Override
        public <C> void dispatch(CommandMessage<C> command) {
            throw trip("the command bus (" + command.getCommandName() + ")");
        }

        @Override
        public <C, R> void dispatch(CommandMessage<C> command,
                                    CommandCallback<? super C, ? super R> callback) {
            throw trip("the command bus (" + command.getCommandName() + ")");
        }

        @Override
        public Registration subscribe(String commandName,
                                      MessageHandler<? super CommandMessage<?>> handler) {
            throw trip("the command bus (a handler subscribing to " + commandName + ")");
        }

        @Override
        public Registration registerHandlerInterceptor(
                MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
            return () -> true;
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
            return () -> true;
        }
    }
}
