package org.pointsledger.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.common.caching.Cache;
import org.springframework.jdbc.core.JdbcTemplate;

/** Accounts for tests: opened through the API, and held in this node's aggregate cache. */
public final class Accounts {

    private static final int CACHE_ATTEMPTS_MAX = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Accounts() {
    }

    /** Opens (or finds) the contact's account of definition 1; answers its id. */
    public static String open(Api api, String contactId) {
        Api.Response opened = api.post("/api/v3/point-accounts",
                "{\"contactId\":\"" + contactId + "\",\"definitionId\":1}");
        assertThat(opened.status()).as(opened.text()).isIn(200, 201);
        return opened.json().path("id").asText();
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
     * What another node's append leaves in the shared event store: a copy of the account's
     * last event under the next sequence number.
     */
    public static void appendAsAnotherNode(JdbcTemplate jdbc, String accountId) {
        int appended = jdbc.update("insert into domain_event_entry (event_identifier,"
                + " aggregate_identifier, sequence_number, type, time_stamp, payload_type,"
                + " payload_revision, payload, meta_data) select ?, aggregate_identifier,"
                + " sequence_number + 1, type, time_stamp, payload_type, payload_revision,"
                + " payload, meta_data from domain_event_entry where aggregate_identifier = ?"
                + " order by sequence_number desc limit 1", UUID.randomUUID().toString(),
                accountId);
        assertThat(appended).isEqualTo(1);
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
