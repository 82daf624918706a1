package org.pointsledger.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Problems.assertFieldProblem;
import static org.pointsledger.api.support.Problems.assertProblem;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerWebSliceTest;
import org.pointsledger.api.support.SliceApi;

/**
 * Proves which key may call which path: without a valid key nothing gets in, and a key with
 * one scope gets into that scope's paths alone, all before anything is read or written (see
 * LedgerWebSliceTest). The keys are the slice's fixed ones. A request a key is let in with is
 * answered by the controller: a 400 for its malformed input where the path would need the
 * database to answer more. Minting, revoking and the stored hashes are ApiKeysTest's.
 */
class ApiKeysSliceTest extends LedgerWebSliceTest {

    private static final String KEYS = "/api/v3/admin/api-keys";
    private static final String ACCOUNTS = "/api/v3/point-accounts";
    private static final String DEFINITIONS = "/api/v3/point-accounts/definitions";
    private static final String ACCOUNT = "{\"contactId\":\"scope-test\",\"definitionId\":1}";

    @Test
    void request_isRefused401_whenNoKeyIsSent_andChangesNothing() {
        SliceApi anonymous = api().withoutKey();

        Api.Response read = anonymous.get(DEFINITIONS);
        Api.Response write = anonymous.post(ACCOUNTS, ACCOUNT);

        assertProblem(read, 401, "unauthorized");
        assertThat(read.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(read.header("X-Request-Id")).isNotBlank();
        assertProblem(write, 401, "unauthorized");
        assertProblem(anonymous.send("GET", DEFINITIONS, null,
                Map.of("Authorization", "Basic dXNlcjpwYXNz")), 401, "unauthorized");
    }

    @Test
    void request_isRefused401_whenTheKeyIsUnknown() {
        Api.Response unknown = api().withKey("pl_" + UUID.randomUUID()).get(DEFINITIONS);
        Api.Response overlong = api().withKey("x".repeat(5000)).get(DEFINITIONS);

        assertProblem(unknown, 401, "unauthorized");
        assertThat(unknown.header("WWW-Authenticate")).contains("invalid_token");
        assertProblem(overlong, 401, "unauthorized");
    }

    @Test
    void key_isAccepted_inTheApikeyHeaderAndAsABearerToken() {
        SliceApi noDefault = api().withoutKey();

        assertThat(noDefault.send("GET", KEYS, null,
                Map.of("apikey", Api.TEST_API_KEY)).status()).isEqualTo(200);
        assertThat(noDefault.send("GET", KEYS, null,
                Map.of("Authorization", "Bearer " + Api.TEST_API_KEY)).status()).isEqualTo(200);
        assertThat(noDefault.send("GET", KEYS, null,
                Map.of("Authorization", "bearer " + Api.TEST_API_KEY)).status()).isEqualTo(200);
    }

    @Test
    void readKey_cannotWrite_putADefinition_orManageKeys() {
        SliceApi reader = api().withKey(READ_KEY);

        assertFieldProblem(reader.get(DEFINITIONS + "/one"), "id");
        assertProblem(reader.post(ACCOUNTS, ACCOUNT), 403, "forbidden");
        assertProblem(reader.put(DEFINITIONS + "/1", "{\"name\":\"Hijacked\"}"), 403, "forbidden");
        assertProblem(reader.post(KEYS, "{\"name\":\"escalated\",\"scopes\":[\"admin\"]}"), 403,
                "forbidden");
        assertProblem(reader.get(KEYS), 403, "forbidden");
        assertProblem(reader.get("/actuator/metrics"), 403, "forbidden");
    }

    @Test
    void writeKey_canWrite_butNeitherReadNorAdminister() {
        SliceApi writer = api().withKey(WRITE_KEY);

        assertFieldProblem(writer.post(ACCOUNTS, "{\"definitionId\":1}"), "contactId");
        assertProblem(writer.get(ACCOUNTS + "?contactId=write-only"), 403, "forbidden");
        assertProblem(writer.put(DEFINITIONS + "/1", "{\"name\":\"Hijacked\"}"), 403, "forbidden");
        assertProblem(writer.get(KEYS), 403, "forbidden");
        assertProblem(writer.send("DELETE", KEYS + "/" + UUID.randomUUID(), null, Map.of()), 403,
                "forbidden");
    }

    @Test
    void adminKey_administers_butDoesNotImplyThePointScopes() {
        SliceApi admin = api().withKey(ADMIN_KEY);

        assertThat(admin.get(KEYS).status()).isEqualTo(200);
        assertFieldProblem(admin.put(DEFINITIONS + "/0", "{\"name\":\"Ok\"}"), "id");
        assertProblem(admin.get(DEFINITIONS), 403, "forbidden");
        assertProblem(admin.post(ACCOUNTS, ACCOUNT), 403, "forbidden");
    }

    @Test
    void actuatorEndpoints_otherThanHealth_needAKey() {
        SliceApi anonymous = api().withoutKey();

        assertProblem(anonymous.get("/actuator/metrics"), 401, "unauthorized");
        assertProblem(anonymous.get("/actuator/info"), 401, "unauthorized");
        assertProblem(anonymous.get("/actuator"), 401, "unauthorized");
    }

    @Test
    void mint_isRefused400NamingTheField_whenNameScopesOrLimitsAreInvalid() {
        assertFieldProblem(api().post(KEYS, "{\"scopes\":[\"admin\"]}"), "name");
        assertFieldProblem(api().post(KEYS, "{\"name\":\"bad name!\",\"scopes\":[\"admin\"]}"),
                "name");
        assertFieldProblem(api().post(KEYS, "{\"name\":\"" + "n".repeat(65)
                + "\",\"scopes\":[\"admin\"]}"), "name");
        assertFieldProblem(api().post(KEYS, "{\"name\":\"no-scopes\",\"scopes\":[]}"),
                "scopes");
        assertFieldProblem(api().post(KEYS, "{\"name\":\"root\",\"scopes\":[\"root\"]}"),
                "scopes");
        assertFieldProblem(api().post(KEYS, "{\"name\":\"typed\",\"scopes\":\"admin\"}"),
                "scopes");
        assertFieldProblem(api().post(KEYS, "{\"name\":\"zero\",\"scopes\":[\"admin\"],"
                + "\"requestsPerSecond\":0}"), "requestsPerSecond");
        assertFieldProblem(api().post(KEYS, "{\"name\":\"huge\",\"scopes\":[\"admin\"],"
                + "\"burst\":2000000}"), "burst");
    }
}
