package org.pointsledger.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.eventstore.HashChain;

/**
 * Proves an account's history is listed as recorded, in order, paged, with who caused it. A bad
 * id or page is AuditSliceTest's.
 */
class AccountEventsApiTest extends LedgerIntegrationTest {

    @Test
    void events_listTheAccountsEventsInOrder_withWhoCausedThemAndTheirHashChain() {
        String accountId = Accounts.open(api(), uniqueContactId("events"));
        String requestId = "audit-" + UUID.randomUUID();
        Api.Response added = api().post("/api/v3/point-transactions",
                transaction(accountId, "Addition", "719.70"), Map.of("X-Request-Id", requestId));
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        assertThat(api().post("/api/v3/point-transactions",
                transaction(accountId, "Deduction", "150")).status()).isEqualTo(201);

        Api.Response answer = api().get("/api/v3/point-accounts/" + accountId + "/events");

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode page = answer.json();
        assertThat(page.path("totalCount").asLong()).isEqualTo(3);
        List<String> types = new ArrayList<>();
        String previousHash = HashChain.GENESIS_HASH;
        long previousPosition = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode event = page.path("items").get(i);
            types.add(event.path("type").asText());
            assertThat(event.path("sequenceNumber").asLong()).isEqualTo(i);
            assertThat(event.path("globalPosition").asLong()).isGreaterThan(previousPosition);
            assertThat(event.path("timestamp").asText()).isNotBlank();
            assertThat(event.path("metadata").path("causedBy").asText()).isEqualTo("bootstrap");
            assertThat(event.path("metadata").path("previousHash").asText())
                    .isEqualTo(previousHash);
            assertThat(event.path("metadata").path("hash").asText()).hasSize(64)
                    .isNotEqualTo(previousHash);
            previousHash = event.path("metadata").path("hash").asText();
            previousPosition = event.path("globalPosition").asLong();
        }
        assertThat(types).containsExactly("AccountOpened", "PointsAdded", "PointsDeducted");
        JsonNode addition = page.path("items").get(1);
        assertThat(addition.path("metadata").path("requestId").asText()).isEqualTo(requestId);
        assertThat(addition.path("payload").path("transaction").path("amount").decimalValue())
                .isEqualByComparingTo("719.7");
        assertThat(addition.path("payload").path("accountId").isMissingNode()).isFalse();
    }

    @Test
    void events_arePaged_withTotalCountAndLinks() {
        String accountId = Accounts.open(api(), uniqueContactId("events-paged"));
        for (int i = 0; i < 4; i++) {
            api().post("/api/v3/point-transactions", transaction(accountId, "Addition", "1"));
        }

        JsonNode page = api().get("/api/v3/point-accounts/" + accountId
                + "/events?offset=1&count=2").json();

        assertThat(page.path("totalCount").asLong()).isEqualTo(5);
        assertThat(page.path("count").asInt()).isEqualTo(2);
        assertThat(page.path("offset").asInt()).isEqualTo(1);
        assertThat(page.path("items").get(0).path("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(page.path("items").get(1).path("sequenceNumber").asLong()).isEqualTo(2);
        List<String> rels = new ArrayList<>();
        page.path("links").forEach(link -> rels.add(link.path("rel").asText()));
        assertThat(rels).contains("next", "previous");
        JsonNode last = api().get("/api/v3/point-accounts/" + accountId
                + "/events?offset=4&count=2").json();
        assertThat(last.path("items")).hasSize(1);
    }

    @Test
    void events_answer404ForAnUnknownAccount() {
        assertProblem(api().get("/api/v3/point-accounts/" + UUID.randomUUID() + "/events"), 404,
                "not-found");
    }

    @Test
    void events_needTheReadScope() {
        String accountId = Accounts.open(api(), uniqueContactId("events-scope"));
        assertProblem(api().withoutKey().get("/api/v3/point-accounts/" + accountId
                + "/events"), 401, "unauthorized");
        assertThat(api().withKey(CONFIGURED_READER_KEY).get("/api/v3/point-accounts/"
                + accountId + "/events").status()).isEqualTo(200);
    }

    static String transaction(String accountId, String type, String amount) {
        return "{\"accountId\":\"" + accountId + "\",\"transactionId\":\"" + UUID.randomUUID()
                + "\",\"transactionType\":\"" + type + "\",\"amount\":" + amount
                + ",\"description\":\"audit\",\"source\":\"Manual\"}";
    }
}
