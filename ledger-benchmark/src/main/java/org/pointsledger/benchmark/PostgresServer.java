package org.pointsledger.benchmark;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server the benchmark runs on, named by a JDBC URL of any database on it (the
 * database the URL names is used only to create and drop the benchmark's own ones). Every
 * database the benchmark makes is fresh, named {@code ledger_bench_<time>_<random>_<purpose>},
 * and dropped when the run ends, whether it passed or not.
 */
final class PostgresServer {

    static final int DEFAULT_PORT = 5432;
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private final String url;
    private final String host;
    private final int port;
    private final String query;
    private final String user;
    private final String password;

    private PostgresServer(String url, String host, int port, String query, String user,
                           String password) {
        this.url = url;
        this.host = host;
        this.port = port;
        this.query = query;
        this.user = user;
        this.password = password;
    }

    /** The server of {@code url}, which must be a {@code jdbc:postgresql://} URL. */
    static PostgresServer of(String url, String user, String password) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        return new PostgresServer(url, uri.getHost(), port, query, user, password);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** The server's version, as {@code server_version} gives it. */
    String version() {
        try (Connection connection = connect(url);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("show server_version")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + url, e);
        }
    }

    /**
     * Fails unless the server can spare {@code needed} more connections: on a server shared
     * with others the run would otherwise take their last connections, or fail half-way when
     * pgbench cannot connect.
     */
    void requireFreeConnections(int needed) {
        try (Connection connection = connect(url);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select current_setting("
                     + "'max_connections')::int - current_setting("
                     + "'superuser_reserved_connections')::int - (select count(*)"
                     + " from pg_stat_activity where backend_type = 'client backend')")) {
            result.next();
            int free = result.getInt(1);
            if (free < needed) {
                throw new IllegalStateException("PostgreSQL at " + host + ":" + port
                        + " has " + free + " free connections; this run needs " + needed
                        + ". Run it with nothing else on the server, or with fewer"
                        + " connections (-Dbenchmark.connections=N)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + url, e);
        }
    }

    /** Creates a fresh, empty database for one service run; closing it drops it. */
    BenchmarkDatabase createDatabase(String purpose) {
        String name = ("ledger_bench_" + LocalDateTime.now(ZoneOffset.UTC).format(NAME_TIME)
                + "_" + UUID.randomUUID().toString().substring(0, 6) + "_" + purpose)
                .toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        execute("create database " + name);
        return new BenchmarkDatabase(this, name);
    }

    void drop(String database) {
        execute("drop database if exists " + database + " with (force)");
    }

    String urlOf(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + query;
    }

    Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    private void execute(String sql) {
        try (Connection connection = connect(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + url, e);
        }
    }
}
