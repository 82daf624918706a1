package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.TestDatabase;

/** Proves the service starts on the test database, answers over HTTP and documents itself. */
class SmokeTest extends LedgerIntegrationTest {

    /** CI must exercise PostgreSQL: a CI run that fell back to H2 fails here. */
    @Test
    void database_isPostgres_whenRunByCi() {
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
