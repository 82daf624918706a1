package org.pointsledger.projections;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A fresh database for the projections' tests, made by the real migrations of the read models,
 * this module's db/migration, read from the classpath as the application reads them: an
 * in-memory H2 in PostgreSQL mode by default, a throwaway database beside LEDGER_TEST_DB_URL's
 * when that is set (a database rather than a schema, since V9 makes the database-wide schema
 * analytics), dropped on close. The other modules' migrations (the event store's V1, the
 * command side's V4, the API keys' V5) make no read-model table and are not on this module's
 * classpath.
 */
public final class ProjectionsDatabase implements AutoCloseable {

    /** Where the read models' migrations are: this module's, on the classpath. */
    private static final String MIGRATIONS = "classpath:db/migration";

    private final String name;
    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;

    private ProjectionsDatabase(String name, HikariDataSource dataSource) {
        this.name = name;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** A new database with the read models' tables, empty. */
    public static ProjectionsDatabase migrated() {
        String name = "projections_test_" + UUID.randomUUID().toString().substring(0, 8)
                .toLowerCase(Locale.ROOT);
        HikariConfig config = new HikariConfig();
        if (isPostgres()) {
            execute("create database " + name);
            config.setJdbcUrl(urlOf(name));
            config.setUsername(user());
        } else {
            config.setJdbcUrl("jdbc:h2:mem:" + name
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
            config.setUsername("sa");
        }
        config.setPassword(variable("LEDGER_TEST_DB_PASSWORD", ""));
        config.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
        return new ProjectionsDatabase(name, dataSource);
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public PlatformTransactionManager transactionManager() {
        return new DataSourceTransactionManager(dataSource);
    }

    /** The read-model writer the subscribing projections write through. */
    public ReadModelWrites writes() {
        return new ReadModelWrites(jdbc);
    }

    @Override
    public void close() {
        dataSource.close();
        // An in-memory H2 database ends with the pool's last connection.
        if (isPostgres()) {
            execute("drop database " + name);
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(testUrl(), user(),
                variable("LEDGER_TEST_DB_PASSWORD", ""));
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not " + sql, e);
        }
    }

    /** LEDGER_TEST_DB_URL with its database replaced by {@code database}. */
    private static String urlOf(String database) {
        String url = testUrl();
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String parameters = query < 0 ? "" : url.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + parameters;
    }

    private static boolean isPostgres() {
        return testUrl().startsWith("jdbc:postgresql:");
    }

    private static String user() {
        return variable("LEDGER_TEST_DB_USER", "postgres");
    }

    private static String testUrl() {
        return variable("LEDGER_TEST_DB_URL", "");
    }

    private static String variable(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
