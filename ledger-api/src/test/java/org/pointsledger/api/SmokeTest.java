package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.TestDatabase;

/** Proves the service starts on the test database and answers over HTTP. */
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
}
