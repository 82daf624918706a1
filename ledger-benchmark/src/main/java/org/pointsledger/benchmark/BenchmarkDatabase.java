package org.pointsledger.benchmark;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One fresh database of the benchmark on its {@link PostgresServer}; dropped on close, and by
 * a shutdown hook when the run is interrupted (Ctrl+C), so no run leaves a database behind.
 */
final class BenchmarkDatabase implements AutoCloseable {

    private static final Set<BenchmarkDatabase> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> LIVE.forEach(BenchmarkDatabase::close), "benchmark-database-dropper"));
    }

    private final PostgresServer server;
    private final String name;

    BenchmarkDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
        LIVE.add(this);
    }

    String name() {
        return name;
    }

    PostgresServer server() {
        return server;
    }

    String url() {
        return server.urlOf(name);
    }

    Connection connect() throws SQLException {
        return server.connect(url());
    }

    @Override
    public void close() {
        if (LIVE.remove(this)) {
            server.drop(name);
        }
    }
}
