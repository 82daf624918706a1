package org.pointsledger.api.support;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The database the integration tests run on: the PostgreSQL named by LEDGER_TEST_DB_URL
 * (with LEDGER_TEST_DB_USER and LEDGER_TEST_DB_PASSWORD) when set, else a fresh file-backed H2
 * under target/, in the same PostgreSQL mode the service uses by default.
 */
public final class TestDatabase {

    public static final String URL_VARIABLE = "LEDGER_TEST_DB_URL";
    private static final String H2_URL = "jdbc:h2:file:"
            + Path.of("target", "test-db", UUID.randomUUID().toString(), "ledger").toAbsolutePath()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    private TestDatabase() {
    }

    public static boolean isPostgres() {
        return url().startsWith("jdbc:postgresql:");
    }

    public static String url() {
        String url = System.getenv(URL_VARIABLE);
        return url == null || url.isBlank() ? H2_URL : url;
    }

    public static String user() {
        String user = System.getenv("LEDGER_TEST_DB_USER");
        return user == null ? (isPostgres() ? "postgres" : "sa") : user;
    }

    public static String password() {
        String password = System.getenv("LEDGER_TEST_DB_PASSWORD");
        return password == null ? "" : password;
    }
}
