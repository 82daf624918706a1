package org.pointsledger.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The cost of a workload per item, read cheaply around it: the service JVM's CPU time and that
 * of the run database's PostgreSQL backends (utime + stime in /proc/[pid]/stat), and the
 * database's own counters: transactions and rows written (pg_stat_database), table scans,
 * sequential and by index (pg_stat_user_tables), and SQL statements (pg_stat_statements, only
 * when the server loads it: it needs shared_preload_libraries).
 *
 * <p>PostgreSQL's backends report their counters at most once a second (PostgreSQL 15's
 * PGSTAT_MIN_INTERVAL), an idle one a second after its last report at the latest; a reading
 * therefore waits a little longer first, outside the measured time.
 */
final class CostMeter implements AutoCloseable {

    /** Linux's USER_HZ, the unit of /proc/[pid]/stat's times, is 100 on every common build. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    /** What one workload cost, in all; {@code statements} is null without pg_stat_statements. */
    record Costs(String workload, String run, long items, double serviceCpuSeconds,
                 double databaseCpuSeconds, long transactions, long rowsWritten, long scans,
                 Long statements) {
    }

    /** The counters at one moment. */
    record Reading(long serviceTicks, Map<Long, Long> backendTicks, long transactions,
                   long rowsWritten, long scans, Long statements) {
    }

    private final Connection connection;
    private final long servicePid;
    private final String run;
    private final boolean statementsCounted;
    private final Duration settle;

    CostMeter(BenchmarkDatabase database, long servicePid, String run, Duration settle)
            throws SQLException {
        this.connection = database.connect();
        this.servicePid = servicePid;
        this.run = run;
        this.settle = settle;
        this.statementsCounted = enableStatementCounts();
    }

    boolean statementsCounted() {
        return statementsCounted;
    }

    /** The reading before a workload: the database's counters settled first. */
    Reading start() {
        LedgerService.pause(settle);
        return read(ticks(servicePid));
    }

    /** The costs since {@code start}: the service's CPU read at once, the counters settled. */
    Costs end(String workload, long items, Reading start) {
        long serviceTicks = ticks(servicePid);
        LedgerService.pause(settle);
        Reading end = read(serviceTicks);
        long backendTicks = 0;
        for (Map.Entry<Long, Long> backend : end.backendTicks().entrySet()) {
            backendTicks += backend.getValue()
                    - start.backendTicks().getOrDefault(backend.getKey(), 0L);
        }
        return new Costs(workload, run, items,
                (end.serviceTicks() - start.serviceTicks()) / CLOCK_TICKS_PER_SECOND,
                backendTicks / CLOCK_TICKS_PER_SECOND, end.transactions() - start.transactions(),
                end.rowsWritten() - start.rowsWritten(), end.scans() - start.scans(),
                statementsCounted ? end.statements() - start.statements() : null);
    }

    private Reading read(long serviceTicks) {
        try (Statement statement = connection.createStatement()) {
            Map<Long, Long> backends = new HashMap<>();
            try (ResultSet result = statement.executeQuery("select pid from pg_stat_activity"
                    + " where datname = current_database() and pid <> pg_backend_pid()")) {
                while (result.next()) {
                    backends.put(result.getLong(1), ticks(result.getLong(1)));
                }
            }
            long transactions;
            long rowsWritten;
            try (ResultSet result = statement.executeQuery("select xact_commit + xact_rollback,"
                    + " tup_inserted + tup_updated + tup_deleted from pg_stat_database"
                    + " where datname = current_database()")) {
                result.next();
                transactions = result.getLong(1);
                rowsWritten = result.getLong(2);
            }
            long scans;
            try (ResultSet result = statement.executeQuery("select coalesce(sum(seq_scan"
                    + " + coalesce(idx_scan, 0)), 0) from pg_stat_user_tables")) {
                result.next();
                scans = result.getLong(1);
            }
            return new Reading(serviceTicks, backends, transactions, rowsWritten, scans,
                    statementsCounted ? statements(statement) : null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read PostgreSQL's statistics", e);
        }
    }

    private static long statements(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("select coalesce(sum(calls), 0)"
                + " from pg_stat_statements where dbid = (select oid from pg_database"
                + " where datname = current_database())")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Whether pg_stat_statements can be created here and counts (it is preloaded). */
    private boolean enableStatementCounts() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("create extension if not exists pg_stat_statements");
            statements(statement);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** utime + stime of a process in clock ticks; 0 when it is gone or unreadable. */
    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
