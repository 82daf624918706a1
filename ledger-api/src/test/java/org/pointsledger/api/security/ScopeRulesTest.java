package org.pointsledger.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Proves which scope each kind of request needs, from the one table in ScopeRules. */
class ScopeRulesTest {

    @Test
    void reads_needPointsRead_andWrites_needPointsWrite_underApiV3() {
        assertThat(ScopeRules.required("GET", "/api/v3/point-accounts/abc"))
                .contains(Scope.POINTS_READ);
        assertThat(ScopeRules.required("HEAD", "/api/v3/point-transactions"))
                .contains(Scope.POINTS_READ);
        assertThat(ScopeRules.required("GET", "/api/v3/point-accounts/definitions/1"))
                .contains(Scope.POINTS_READ);
        assertThat(ScopeRules.required("POST", "/api/v3/point-transactions"))
                .contains(Scope.POINTS_WRITE);
        assertThat(ScopeRules.required("POST", "/api/v3/point-accounts/transactions"))
                .contains(Scope.POINTS_WRITE);
        assertThat(ScopeRules.required("DELETE", "/api/v3/some-future-resource/1"))
                .contains(Scope.POINTS_WRITE);
        assertThat(ScopeRules.required("GET", "/api/v3")).contains(Scope.POINTS_READ);
    }

    @Test
    void adminPaths_andDefinitionWrites_needAdmin_whateverTheMethod() {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE"}) {
            assertThat(ScopeRules.required(method, "/api/v3/admin/api-keys"))
                    .contains(Scope.ADMIN);
            assertThat(ScopeRules.required(method, "/api/v3/admin")).contains(Scope.ADMIN);
        }
        assertThat(ScopeRules.required("PUT", "/api/v3/point-accounts/definitions/7"))
                .contains(Scope.ADMIN);
        assertThat(ScopeRules.required("POST", "/api/v3/point-accounts/definitions"))
                .contains(Scope.ADMIN);
        assertThat(ScopeRules.required("PUT", "/api/v3/point-definitions/7"))
                .contains(Scope.ADMIN);
    }

    @Test
    void health_docsAndOtherPaths_arePublic_butOtherActuatorEndpointsNeedAdmin() {
        assertThat(ScopeRules.required("GET", "/actuator/health")).isEmpty();
        assertThat(ScopeRules.required("GET", "/actuator/health/db")).isEmpty();
        assertThat(ScopeRules.required("GET", "/v3/api-docs")).isEmpty();
        assertThat(ScopeRules.required("GET", "/swagger-ui/index.html")).isEmpty();
        assertThat(ScopeRules.required("GET", "/api/v3x")).isEmpty();
        assertThat(ScopeRules.required("GET", "/actuator")).contains(Scope.ADMIN);
        assertThat(ScopeRules.required("GET", "/actuator/metrics")).contains(Scope.ADMIN);
        assertThat(ScopeRules.required("GET", "/actuator/healthz")).contains(Scope.ADMIN);
        assertThat(ScopeRules.required("POST", "/actuator/info")).isEqualTo(
                Optional.of(Scope.ADMIN));
    }
}
