package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** Proves the service starts on the test database, answers over HTTP and documents itself. */
class SmokeTest extends LedgerIntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;

    /**
     * The service runs on the database the tests chose (PostgreSQL when LEDGER_TEST_DB_URL
     * names one, else a fresh H2 file): no configuration of its own overrides it. And CI
     * (.ci/run sets CI=true) must exercise PostgreSQL: a CI run that fell back to H2 fails.
     */
    @Test
    void database_isTheTestDatabase_andPostgresWhenRunByCi() {
        String[] connected = jdbc.execute((ConnectionCallback<String[]>) connection ->
                new String[] {connection.getMetaData().getDatabaseProductName(),
                    connection.getMetaData().getURL()});

        assertThat(connected[0]).isEqualTo(TestDatabase.isPostgres() ? "PostgreSQL" : "H2");
        assertThat(TestDatabase.url()).startsWith(connected[1]);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(TestDatabase.isPostgres()).as("LEDGER_TEST_DB_URL names PostgreSQL")
                    .isTrue();
        }
    }

    @Test
    void health_isUp_whenTheServiceHasStarted() {
        var health = api().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        assertThat(health.json().path("components").path("eventProcessors").path("status")
                .asText()).isEqualTo("UP");
    }

    @Test
    void openApi_documentsTheV3Endpoints_andServesItsUi() {
        var document = api().get("/v3/api-docs");
        var ui = api().get("/swagger-ui/index.html");

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().path("info").path("title").asText())
                .isEqualTo("Points ledger: points API v3");
        assertThat(document.json().path("paths").has("/api/v3/point-transactions")).isTrue();
        assertThat(document.json().path("paths").has("/api/v3/point-accounts/transactions"))
                .isTrue();
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.text()).contains("swagger-ui");
    }
}
