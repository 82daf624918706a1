package org.pointsledger.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.domain.account.AccountId;

/**
 * Proves the point-account endpoints: opening, deterministic ids, listing, reading, and the
 * errors that depend on what the ledger holds. Malformed requests are AccountsSliceTest's.
 */
class AccountsApiTest extends LedgerIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNTS = "/api/v3/point-accounts";

    @Test
    void read_findsTheAccount_whenItsIdIsSentInUpperCase() {
        String id = open(uniqueContactId("upper-case"), 1).json().path("id").asText();

        Api.Response account = api().get("/api/v3/point-accounts/" + id.toUpperCase(Locale.ROOT));
        Api.Response transactions = api().get("/api/v3/point-transactions?id="
                + id.toUpperCase(Locale.ROOT));

        assertThat(account.status()).as(account.text()).isEqualTo(200);
        assertThat(account.json().path("id").asText()).isEqualTo(id);
        assertThat(transactions.status()).as(transactions.text()).isEqualTo(200);
    }

    @Test
    void open_creates201WithLocationAndBody_whenTheAccountIsNew() {
        String contactId = uniqueContactId("open-new");

        Api.Response created = open(contactId, 1);

        assertThat(created.status()).isEqualTo(201);
        JsonNode account = created.json();
        String id = account.path("id").asText();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(account.path("contactId").asText()).isEqualTo(contactId);
        assertThat(account.path("definitionId").asInt()).isEqualTo(1);
        assertThat(account.path("balance").decimalValue()).isZero();
        assertThat(account.path("pendingPoints").decimalValue()).isZero();
        assertThat(account.has("balanceExpires")).isTrue();
        assertThat(account.path("balanceExpires").isNull()).isTrue();
        String location = created.header("Location");
        assertThat(location).endsWith(ACCOUNTS + "/" + id);
        Api.Response read = api().get(URI.create(location).getRawPath());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(account);
    }

    @Test
    void open_answers200WithTheSameAccount_whenTheAccountExists() {
        String contactId = uniqueContactId("open-again");
        Api.Response first = open(contactId, 1);
        assertThat(first.status()).isEqualTo(201);
        long eventsAfterFirst = eventCount(first.json().path("id").asText());

        Api.Response second = open(contactId, 1);

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(eventCount(first.json().path("id").asText())).isEqualTo(eventsAfterFirst);
        assertThat(list(contactId, "").json().path("totalCount").asLong()).isEqualTo(1);
    }

    @Test
    void open_derivesTheSameId_forTheSameContactAndDefinition() {
        String contactId = uniqueContactId("derived");
        int otherDefinition = createDefinition();

        String id = open(contactId, 1).json().path("id").asText();
        String idOnOtherDefinition = open(contactId, otherDefinition).json().path("id").asText();

        assertThat(id).isEqualTo(AccountId.of(contactId, 1).toString());
        assertThat(open(contactId, 1).json().path("id").asText()).isEqualTo(id);
        assertThat(idOnOtherDefinition).isNotEqualTo(id)
                .isEqualTo(AccountId.of(contactId, otherDefinition).toString());
        String otherContactId = open(uniqueContactId("derived"), 1).json().path("id").asText();
        assertThat(otherContactId).isNotEqualTo(id);
    }

    @Test
    void open_fails404_whenTheDefinitionIsUnknown() {
        String contactId = uniqueContactId("no-definition");

        Api.Response response = open(contactId, unusedDefinitionId());

        assertProblem(response, 404, "not-found");
        assertThat(list(contactId, "").json().path("totalCount").asLong()).isZero();
    }

    @Test
    void open_accepts64Characters_whenContactIdIsAtItsLengthLimit() {
        String longest = (uniqueContactId("max") + "x".repeat(64)).substring(0, 64);

        Api.Response response = open(longest, 1);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().path("contactId").asText()).isEqualTo(longest);
    }

    @Test
    void list_answersThePageShape_withTheContactsAccounts() {
        String contactId = uniqueContactId("list");
        int otherDefinition = createDefinition();
        String first = open(contactId, 1).json().path("id").asText();
        String second = open(contactId, otherDefinition).json().path("id").asText();
        open(uniqueContactId("list-other"), 1);

        Api.Response response = list(contactId, "");

        assertThat(response.status()).isEqualTo(200);
        JsonNode page = response.json();
        assertThat(page.path("links").isArray()).isTrue();
        assertThat(page.path("count").asInt()).isEqualTo(2);
        assertThat(page.path("offset").asInt()).isZero();
        assertThat(page.path("totalCount").asLong()).isEqualTo(2);
        assertThat(ids(page)).containsExactly(first, second);
        for (JsonNode item : page.path("items")) {
            assertThat(item.path("contactId").asText()).isEqualTo(contactId);
            assertAccountShape(item);
        }
    }

    @Test
    void list_answersTheRequestedPage_whenOffsetAndCountAreGiven() {
        String contactId = uniqueContactId("paging");
        int base = createDefinition();
        List<String> all = new ArrayList<>();
        all.add(open(contactId, 1).json().path("id").asText());
        all.add(open(contactId, base).json().path("id").asText());
        int next = createDefinition(base + 1);
        all.add(open(contactId, next).json().path("id").asText());

        JsonNode middle = list(contactId, "&offset=1&count=1").json();
        JsonNode tail = list(contactId, "&offset=2&count=5").json();
        JsonNode beyond = list(contactId, "&offset=3").json();

        assertThat(ids(middle)).containsExactly(all.get(1));
        assertThat(middle.path("count").asInt()).isEqualTo(1);
        assertThat(middle.path("offset").asInt()).isEqualTo(1);
        assertThat(middle.path("totalCount").asLong()).isEqualTo(3);
        assertThat(ids(tail)).containsExactly(all.get(2));
        assertThat(tail.path("count").asInt()).isEqualTo(1);
        assertThat(tail.path("offset").asInt()).isEqualTo(2);
        assertThat(ids(beyond)).isEmpty();
        assertThat(beyond.path("totalCount").asLong()).isEqualTo(3);
        assertThat(list(contactId, "&count=1000").status()).isEqualTo(200);
    }

    @Test
    void list_answers200WithEmptyItems_whenTheContactHasNoAccounts() {
        Api.Response response = list(uniqueContactId("nobody"), "");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("items").isArray()).isTrue();
        assertThat(response.json().path("items")).isEmpty();
        assertThat(response.json().path("count").asInt()).isZero();
        assertThat(response.json().path("totalCount").asLong()).isZero();
    }

    @Test
    void read_answersTheSeedsFieldsAndLinks_whenTheAccountExists() {
        String contactId = uniqueContactId("read");
        String id = open(contactId, 1).json().path("id").asText();

        Api.Response response = api().get(ACCOUNTS + "/" + id);

        assertThat(response.status()).isEqualTo(200);
        JsonNode account = response.json();
        assertAccountShape(account);
        assertThat(account.path("id").asText()).isEqualTo(id);
        assertThat(account.path("contactId").asText()).isEqualTo(contactId);
        assertThat(account.path("definitionId").asInt()).isEqualTo(1);
        JsonNode definition = link(account, "definition");
        assertThat(definition.path("href").asText())
                .endsWith("/api/v3/point-accounts/definitions/1");
        assertThat(definition.path("method").asText()).isEqualTo("GET");
        JsonNode transactions = link(account, "transactions");
        assertThat(transactions.path("href").asText())
                .endsWith("/api/v3/point-accounts/transactions?accountId=" + id);
        assertThat(transactions.path("method").asText()).isEqualTo("GET");
        assertThat(follow(definition).status()).isEqualTo(200);
        Api.Response history = follow(transactions);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().path("totalCount").asLong()).isZero();
    }

    @Test
    void read_fails404WithProblem_whenTheAccountIsUnknown() {
        assertProblem(api().get(ACCOUNTS + "/" + UUID.randomUUID()), 404, "not-found");
    }

    private Api.Response open(String contactId, int definitionId) {
        ObjectNode body = JSON.createObjectNode().put("contactId", contactId)
                .put("definitionId", definitionId);
        return api().post(ACCOUNTS, body.toString());
    }

    private Api.Response list(String contactId, String query) {
        return api().get(ACCOUNTS + "?contactId=" + contactId + query);
    }

    private Api.Response follow(JsonNode link) {
        URI href = URI.create(link.path("href").asText());
        return api().get(href.getRawPath()
                + (href.getRawQuery() == null ? "" : "?" + href.getRawQuery()));
    }

    /** A new definition, so that one contact can hold several accounts. */
    private int createDefinition() {
        return createDefinition(unusedDefinitionId());
    }

    private int createDefinition(int id) {
        Api.Response response = api().put(ACCOUNTS + "/definitions/" + id,
                "{\"name\": \"Accounts test points " + id + "\"}");
        assertThat(response.status()).as(response.text()).isIn(200, 201);
        return id;
    }

    /** An id from a range this class never puts, far above the seeded definition 1. */
    private static int unusedDefinitionId() {
        return ThreadLocalRandom.current().nextInt(100_000_000, 1_000_000_000);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    private static JsonNode link(JsonNode account, String rel) {
        for (JsonNode link : account.path("links")) {
            if (rel.equals(link.path("rel").asText())) {
                return link;
            }
        }
        throw new AssertionError("no link with rel " + rel + " in " + account);
    }

    private static void assertAccountShape(JsonNode account) {
        assertThat(account.fieldNames()).toIterable().contains("balance", "balanceExpires",
                "contactId", "definitionId", "id", "pendingPoints", "links");
        assertThat(account.path("balance").isNumber()).isTrue();
        assertThat(account.path("pendingPoints").isNumber()).isTrue();
        assertThat(account.path("definitionId").isInt()).isTrue();
        assertThat(account.path("links").isArray()).isTrue();
    }
}
