package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.LedgerIntegrationTest;

/** Proves the service starts on the test database and answers over HTTP. */
class SmokeTest extends LedgerIntegrationTest {

    @Test
    void health_isUp_whenTheServiceHasStarted() {
        var health = api().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        assertThat(health.json().path("components").path("eventProcessors").path("status")
                .asText()).isEqualTo("UP");
    }
}
