package org.pointsledger.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import org.axonframework.common.caching.Cache;
import org.pointsledger.eventstore.EventTable;
import org.springframework.jdbc.core.JdbcTemplate;

/** Accounts for tests: opened through the API, and held in this node's aggregate cache. */
public final class Accounts {

    private static final int CACHE_ATTEMPTS_MAX = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Accounts() {
    }

    /** Opens (or finds) the contact's account of definition 1; answers its id. */
    public static String open(Api api, String contactId) {
        return open(api, contactId, 1);
    }

    /** Opens (or finds) the contact's account of this definition; answers its id. */
    public static String open(Api api, String contactId, int definitionId) {
        return opened(api, contactId, definitionId, 200, 201);
    }

    /** Opens a new account (201, not found) for the contact; answers its id. */
    public static String openNew(Api api, String contactId, int definitionId) {
        return opened(api, contactId, definitionId, 201);
    }

    private static String opened(Api api, String contactId, int definitionId,
                                 Integer... statuses) {
        Api.Response opened = api.post("/api/v3/point-accounts", JSON.createObjectNode()
                .put("contactId", contactId).put("definitionId", definitionId).toString());
        assertThat(opened.status()).as(opened.text()).isIn((Object[]) statuses);
        return opened.json().path("id").asText();
    }

    /** The account as the API answers it (200). */
    public static JsonNode account(Api api, String accountId) {
        Api.Response response = api.get("/api/v3/point-accounts/" + accountId);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    /** The account's balance as the API answers it. */
    public static BigDecimal balance(Api api, String accountId) {
        return account(api, accountId).path("balance").decimalValue();
    }

    /** How many events the event store holds for the account. */
    public static long eventCount(JdbcTemplate jdbc, String accountId) {
        return new EventTable(jdbc).count(accountId);
    }

    /**
     * The body of a single transaction: an addition from a purchase or a deduction for a
     * voucher, with this amount and description, dated {@code transactionDate}.
     */
    public static String transaction(String accountId, String transactionId, String type,
                                     String amount, String description,
                                     Instant transactionDate) {
        ObjectNode body = JSON.createObjectNode();
        body.put("accountId", accountId);
        body.put("transactionId", transactionId);
        body.put("transactionType", type);
        body.put("amount", new BigDecimal(amount));
        body.put("description", description);
        body.put("source", type.equals("Addition") ? "Purchase" : "RewardVoucher");
        body.put("transactionDate", transactionDate.toString());
        return body.toString();
    }

    /**
     * The cache holds accounts by weak reference; a collection may drop the entry, so the
     * account is loaded again (opening it a second time changes nothing) until it is held.
     * Keep the answer reachable for as long as the entry must stay.
     */
    public static Object holdCached(Api api, Cache cache, String contactId, String accountId) {
        for (int attempt = 0; attempt < CACHE_ATTEMPTS_MAX; attempt++) {
            Object cached = cache.get(accountId);
            if (cached != null) {
                return cached;
            }
            open(api, contactId);
        }
        throw new AssertionError("the account never stayed in this node's cache");
    }
}
