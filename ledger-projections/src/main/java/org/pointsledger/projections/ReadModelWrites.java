package org.pointsledger.projections;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The read-model writes of one database transaction, sent as JDBC batches just before it
 * commits.
 *
 * <p>Event handlers run inside the writer's transaction, one event at a time; a bulk of 1000
 * items would otherwise cost three round trips per item. Here the writes are kept per table,
 * in the order they were made, and consecutive writes of the same statement go in one batch.
 * Tables are independent of each other (no foreign keys), so only the order within a table
 * matters. A write that must touch exactly one row is checked when its batch runs; a failure
 * there, or a duplicate key, still rolls back the whole transaction, events included.
 * Outside a transaction (nothing to wait for) a write runs at once.
 */
@Component
public class ReadModelWrites {

    private final JdbcTemplate jdbc;
    /** While set on a thread, its writes go to each table's twin with this suffix (a rebuild). */
    private final ThreadLocal<String> tableSuffix = new ThreadLocal<>();
    /**
     * Each statement as it reads against a twin table, worked out once: a rebuild redirects
     * every write it replays, and a regular expression per write was a tenth of its time.
     */
    private final Map<List<String>, String> redirectedSql = new ConcurrentHashMap<>();

    ReadModelWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Runs {@code work} with every write of this thread sent to the table named with
     * {@code suffix} appended: the same projection code fills the fresh tables of a rebuild.
     * Each write names its table, so only that name is replaced in its SQL.
     */
    public <T> T intoTablesWithSuffix(String suffix, Supplier<T> work) {
        tableSuffix.set(suffix);
        try {
            return work.get();
        } finally {
            tableSuffix.remove();
        }
    }

    /** Sends the writes this transaction has kept so far, now rather than at its commit. */
    public void flush() {
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending != null) {
            pending.beforeCommit(false);
        }
    }

    /** A write whose row count does not matter, such as an insert. */
    public void write(String table, String sql, Object... arguments) {
        add(new Write(table, sql, arguments, null));
    }

    /** A write that must change exactly one row; {@code what} says what it was for. */
    public void writeOneRow(String what, String table, String sql, Object... arguments) {
        add(new Write(table, sql, arguments, what));
    }

    private void add(Write original) {
        Write write = redirected(original);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            write.check(jdbc.update(write.sql(), write.arguments()));
            return;
        }
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new Pending();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.writesByTable.computeIfAbsent(write.table(), table -> new ArrayList<>())
                .add(write);
    }

    private Write redirected(Write write) {
        String suffix = tableSuffix.get();
        if (suffix == null) {
            return write;
        }
        String twin = write.table() + suffix;
        String sql = redirectedSql.computeIfAbsent(List.of(write.table(), twin, write.sql()),
                key -> Pattern.compile("\\b" + Pattern.quote(write.table()) + "\\b")
                        .matcher(write.sql()).replaceAll(Matcher.quoteReplacement(twin)));
        return new Write(twin, sql, write.arguments(), write.what());
    }

    private record Write(String table, String sql, Object[] arguments, String what) {

        void check(int updated) {
            if (what != null && updated != 1) {
                throw new IllegalStateException(
                        "read model out of step with the events: could not " + what);
            }
        }
    }

    private final class Pending implements TransactionSynchronization {

        private final Map<String, List<Write>> writesByTable = new LinkedHashMap<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            for (List<Write> writes : writesByTable.values()) {
                int start = 0;
                while (start < writes.size()) {
                    int end = start + 1;
                    while (end < writes.size()
                            && writes.get(end).sql().equals(writes.get(start).sql())) {
                        end++;
                    }
                    flush(writes.subList(start, end));
                    start = end;
                }
            }
            writesByTable.clear();
        }

        private void flush(List<Write> run) {
            List<Object[]> arguments = run.stream().map(Write::arguments).toList();
            int[] updated = jdbc.batchUpdate(run.get(0).sql(), arguments);
            for (int i = 0; i < run.size(); i++) {
                run.get(i).check(updated[i]);
            }
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(ReadModelWrites.this);
        }
    }
}
