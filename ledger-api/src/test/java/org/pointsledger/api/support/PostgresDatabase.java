package org.pointsledger.api.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL database for one test, on the server of LEDGER_TEST_DB_URL and
 * named after its database ({@code <database>_<purpose>_<random>}), dropped on close. For tests
 * whose service processes need a database to themselves.
 */
public final class PostgresDatabase implements AutoCloseable {

    private final String serverUrl;
    private final String name;
    private final String query;

    private PostgresDatabase(String serverUrl, String name, String query) {
        this.serverUrl = serverUrl;
        this.name = name;
        this.query = query;
    }

    /** Creates the database; only when the tests run on PostgreSQL. */
    public static PostgresDatabase create(String purpose) {
        if (!TestDatabase.isPostgres()) {
            throw new IllegalStateException("LEDGER_TEST_DB_URL names no PostgreSQL database");
        }
        String testUrl = TestDatabase.url();
        int queryStart = testUrl.indexOf('?');
        String withoutQuery = queryStart < 0 ? testUrl : testUrl.substring(0, queryStart);
        String query = queryStart < 0 ? "" : testUrl.substring(queryStart);
        int slash = withoutQuery.lastIndexOf('/');
        String name = (withoutQuery.substring(slash + 1) + "_" + purpose + "_"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        PostgresDatabase database = new PostgresDatabase(withoutQuery.substring(0, slash + 1),
                name, query);
        database.onServer("create database " + name);
        return database;
    }

    public String url() {
        return serverUrl + name + query;
    }

    public String user() {
        return TestDatabase.user();
    }

    public String password() {
        return TestDatabase.password();
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), password());
    }

    @Override
    public void close() {
        onServer("drop database if exists " + name + " with (force)");
    }

    private void onServer(String sql) {
        try (Connection connection = DriverManager.getConnection(TestDatabase.url(),
                TestDatabase.user(), TestDatabase.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }
}
