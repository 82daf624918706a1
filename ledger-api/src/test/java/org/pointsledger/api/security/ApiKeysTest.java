package org.pointsledger.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.Await;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.eventstore.EventTable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves that minted and configured keys get in with their scopes, that keys are kept only as
 * hashes, that revocation holds at once, that a key's rate limit holds, and that every event
 * names its key but never holds it. Which key may call which path, and the refusal of a
 * malformed key to mint, are ApiKeysSliceTest's.
 */
class ApiKeysTest extends LedgerIntegrationTest {

    private static final String KEYS = "/api/v3/admin/api-keys";
    private static final String DEFINITIONS = "/api/v3/point-accounts/definitions";
    /** README, Security: a key revoked on one node is refused on every other within 2 s. */
    private static final Duration REVOCATION_ACROSS_NODES_MAX = Duration.ofSeconds(2);

    @Autowired
    private JdbcTemplate jdbc;

    /** Mints a key through the admin endpoint and answers the key itself. */
    private String mint(String name, String scopesJson) {
        Api.Response minted = api().post(KEYS,
                "{\"name\":\"" + name + "\",\"scopes\":" + scopesJson + "}");
        assertThat(minted.status()).as(minted.text()).isEqualTo(201);
        return minted.json().path("key").asText();
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String openAccountBody(String contactId) {
        return "{\"contactId\":\"" + contactId + "\",\"definitionId\":1}";
    }

    private void assertNoAccount(String contactId) {
        Api.Response accounts = api().get("/api/v3/point-accounts?contactId=" + contactId);
        assertThat(accounts.json().path("totalCount").asLong()).as(accounts.text()).isZero();
    }

    /**
     * A minted key is let in with the scopes stored for it: the refusals of each scope are
     * ApiKeysSliceTest's, over keys given in configuration.
     */
    @Test
    void mintedKeys_areLetIn_withTheirStoredScopes() {
        Api reader = api().withKey(mint(uniqueName("reader"), "[\"points:read\"]"));
        Api writer = api().withKey(mint(uniqueName("writer"), "[\"points:write\"]"));
        Api admin = api().withKey(mint(uniqueName("admin"), "[\"admin\"]"));

        assertThat(reader.get(DEFINITIONS).status()).isEqualTo(200);
        assertProblem(reader.post("/api/v3/point-accounts",
                openAccountBody(uniqueContactId("read-only"))), 403, "forbidden");
        assertThat(writer.post("/api/v3/point-accounts",
                openAccountBody(uniqueContactId("write-only"))).status()).isEqualTo(201);
        assertThat(admin.get(KEYS).status()).isEqualTo(200);
        assertThat(admin.get("/actuator/metrics").status()).isEqualTo(200);
    }

    @Test
    void actuatorHealth_isPublic_andTheOtherActuatorEndpointsAnswerAnAdminKey() {
        Api anonymous = api().withoutKey();

        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(api().get("/actuator/metrics").status()).isEqualTo(200);
        assertThat(api().get("/actuator/info").status()).isEqualTo(200);
    }

    @Test
    void openApiDocument_isPublic_andDocumentsTheApikeyHeaderAndTheBearerScheme() {
        Api.Response document = api().withoutKey().get("/v3/api-docs");

        assertThat(document.status()).isEqualTo(200);
        JsonNode schemes = document.json().path("components").path("securitySchemes");
        assertThat(schemes.path("apikey").path("in").asText()).isEqualTo("header");
        assertThat(schemes.path("apikey").path("name").asText()).isEqualTo("apikey");
        assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(document.json().path("security").toString()).contains("apikey", "bearer");
    }

    @Test
    void mintedKey_isShownOnce_works_andIsStoredOnlyAsItsHash() {
        String name = uniqueName("shop");
        Api.Response minted = api().post(KEYS,
                "{\"name\":\"" + name + "\",\"scopes\":[\"points:read\",\"points:write\"]}");

        assertThat(minted.status()).as(minted.text()).isEqualTo(201);
        String id = minted.json().path("id").asText();
        String key = minted.json().path("key").asText();
        assertThat(key).matches("pl_[A-Za-z0-9_-]{43}");
        assertThat(minted.header("Location")).endsWith(KEYS + "/" + id);
        assertThat(minted.json().path("scopes").toString())
                .isEqualTo("[\"points:read\",\"points:write\"]");
        assertThat(api().withKey(key).get(DEFINITIONS).status()).isEqualTo(200);

        Api.Response listed = api().get(KEYS + "?count=1000");
        assertThat(listed.text()).contains(id).doesNotContain(key).doesNotContain("\"key\"");
        Map<String, Object> row = jdbc.queryForMap("select * from api_key where id = ?", id);
        assertThat(row.get("key_sha256")).isEqualTo(KeyMaterial.sha256Hex(key));
        assertThat(row.values()).noneMatch(value -> String.valueOf(value).contains(key));
    }

    @Test
    void configuredKey_isAcceptedByItsSha256_withItsScopesOnly() {
        Api configured = api().withKey(CONFIGURED_READER_KEY);

        assertThat(configured.get(DEFINITIONS).status()).isEqualTo(200);
        assertProblem(configured.post("/api/v3/point-accounts",
                openAccountBody(uniqueContactId("configured"))), 403, "forbidden");
    }

    @Test
    void revokedKey_isRefused401_atOnce() {
        String name = uniqueName("revoked");
        Api.Response minted = api().post(KEYS, "{\"name\":\"" + name
                + "\",\"scopes\":[\"points:read\"]}");
        String id = minted.json().path("id").asText();
        Api holder = api().withKey(minted.json().path("key").asText());
        assertThat(holder.get(DEFINITIONS).status()).isEqualTo(200);

        Api.Response revoked = api().send("DELETE", KEYS + "/" + id, null, Map.of());

        assertThat(revoked.status()).as(revoked.text()).isEqualTo(204);
        assertProblem(holder.get(DEFINITIONS), 401, "unauthorized");
        assertThat(api().send("DELETE", KEYS + "/" + id, null, Map.of()).status())
                .as("revoking again").isEqualTo(204);
        assertProblem(api().send("DELETE", KEYS + "/" + UUID.randomUUID(), null, Map.of()), 404,
                "not-found");
        assertThat(api().get(KEYS + "?count=1000").text()).contains(id);
    }

    @Test
    void keyRevokedByAnotherNode_isRefusedWithinTwoSeconds() {
        Api.Response minted = api().post(KEYS, "{\"name\":\"" + uniqueName("other-node")
                + "\",\"scopes\":[\"points:read\"]}");
        Api holder = api().withKey(minted.json().path("key").asText());
        assertThat(holder.get(DEFINITIONS).status()).isEqualTo(200);

        // What another node's DELETE leaves in the shared database; the README's bound runs
        // from its commit.
        jdbc.update("update api_key set revoked_on = current_timestamp where id = ?",
                minted.json().path("id").asText());

        Await.until("the key revoked by another node refused", REVOCATION_ACROSS_NODES_MAX,
                () -> holder.get(DEFINITIONS).status() == 401);
        assertProblem(holder.get(DEFINITIONS), 401, "unauthorized");
    }

    @Test
    void mint_isRefused409_whenTheNameBelongedToARevokedKey() {
        String name = uniqueName("revoked-name");
        Api.Response first = api().post(KEYS, "{\"name\":\"" + name
                + "\",\"scopes\":[\"points:read\"]}");
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        String id = first.json().path("id").asText();
        assertThat(api().send("DELETE", KEYS + "/" + id, null, Map.of()).status())
                .isEqualTo(204);

        assertProblem(api().post(KEYS, "{\"name\":\"" + name
                + "\",\"scopes\":[\"points:read\"]}"), 409, "conflict");

        List<String> ids = jdbc.queryForList("select id from api_key where name = ?",
                String.class, name);
        assertThat(ids).as("the name in the history still means one key").containsExactly(id);
        assertThat(jdbc.queryForObject("select revoked_on is not null from api_key where id = ?",
                Boolean.class, id)).as("still revoked").isTrue();
    }

    @Test
    void mint_isRefused409_whenTheNameIsTaken() {
        String name = uniqueName("twice");
        mint(name, "[\"points:read\"]");

        assertProblem(api().post(KEYS, "{\"name\":\"" + name + "\",\"scopes\":[\"admin\"]}"), 409,
                "conflict");
        assertProblem(api().post(KEYS, "{\"name\":\"" + ApiKeys.BOOTSTRAP_NAME
                + "\",\"scopes\":[\"admin\"]}"), 409, "conflict");
        assertProblem(api().post(KEYS, "{\"name\":\"" + CONFIGURED_READER_NAME
                + "\",\"scopes\":[\"admin\"]}"), 409, "conflict");
    }

    @Test
    void event_recordsTheKeysNameAndTheRequestId_butNeverTheKey() {
        String name = uniqueName("pos-terminal");
        String key = mint(name, "[\"points:read\",\"points:write\"]");
        Api terminal = api().withKey(key);
        String contactId = uniqueContactId("who-did-it");
        String requestId = "till-" + UUID.randomUUID();

        Api.Response opened = terminal.post("/api/v3/point-accounts", openAccountBody(contactId),
                Map.of("X-Request-Id", requestId));
        String accountId = opened.json().path("id").asText();
        Api.Response bulk = terminal.post("/api/v3/point-accounts/transactions",
                "[{\"contactId\":\"" + contactId + "\",\"definitionId\":1,\"amount\":5,"
                + "\"source\":\"Purchase\",\"description\":\"bulk\"}]",
                Map.of("X-Request-Id", requestId + "-bulk"));

        assertThat(opened.status()).as(opened.text()).isEqualTo(201);
        assertThat(bulk.status()).as(bulk.text()).isEqualTo(202);
        List<String> metadata = new EventTable(jdbc).events(accountId).stream()
                .map(event -> new String(event.metadata(), StandardCharsets.UTF_8)).toList();
        assertThat(metadata).hasSize(2);
        assertThat(metadata.get(0)).contains("\"causedBy\":\"" + name + "\"")
                .contains("\"requestId\":\"" + requestId + "\"");
        assertThat(metadata.get(1)).contains("\"causedBy\":\"" + name + "\"")
                .contains("\"requestId\":\"" + requestId + "-bulk\"");
        assertThat(String.join(" ", metadata)).doesNotContain(key)
                .doesNotContain(KeyMaterial.sha256Hex(key));
    }

    @Test
    void key_overItsRateLimit_isAnswered429WithRetryAfter_andChangesNothing() {
        Api.Response minted = api().post(KEYS, "{\"name\":\"" + uniqueName("limited")
                + "\",\"scopes\":[\"points:read\",\"points:write\"],"
                + "\"requestsPerSecond\":1,\"burst\":2}");
        assertThat(minted.json().path("requestsPerSecond").asInt()).isEqualTo(1);
        Api limited = api().withKey(minted.json().path("key").asText());
        String contactId = uniqueContactId("limited");

        assertThat(limited.get(DEFINITIONS).status()).isEqualTo(200);
        assertThat(limited.get(DEFINITIONS).status()).isEqualTo(200);
        Api.Response refused = limited.post("/api/v3/point-accounts",
                openAccountBody(contactId));

        assertProblem(refused, 429, "too-many-requests");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 2L);
        assertNoAccount(contactId);
        assertThat(api().get(DEFINITIONS).status()).as("other keys are not throttled")
                .isEqualTo(200);
    }
}
