package org.pointsledger.api.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.Reference;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Proves a node decides on the stored account, not on a cached one another node overtook. */
class OtherNodeWritesTest extends LedgerIntegrationTest {


    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Cache pointAccountCache;

    @Test
    void deduct_succeeds_whenAnotherNodeAddedThePointsAfterThisNodeCachedTheAccount() {
        String contactId = uniqueContactId("other-node");
        String accountId = Accounts.open(api(), contactId);
        assertThat(post(addition(accountId, "tx-" + UUID.randomUUID(), "10")).status())
                .isEqualTo(201);
        Object cachedHere = Accounts.holdCached(api(), pointAccountCache, contactId, accountId);

        addAsAnotherNode(accountId, "other-node-" + UUID.randomUUID(), "90");
        assertThat(balance(accountId)).isEqualByComparingTo("100");

        Api.Response deducted = post("{\"accountId\":\"" + accountId + "\",\"transactionId\":\""
                + "tx-" + UUID.randomUUID() + "\",\"transactionType\":\"Deduction\","
                + "\"amount\":50,\"source\":\"RewardVoucher\","
                + "\"description\":\"@@(ConvertedToBonusCheck)\"}");

        assertThat(deducted.status()).as(deducted.text()).isEqualTo(201);
        assertThat(balance(accountId)).isEqualByComparingTo("50");
        Reference.reachabilityFence(cachedHere);
    }

    /**
     * What another node's addition leaves in the shared database: the event under the next
     * sequence number, and the lot, transaction and claim rows of its read models.
     */
    private void addAsAnotherNode(String accountId, String transactionId, String points) {
        Instant now = clock.instant();
        Instant validFrom = now.minus(Duration.ofDays(1));
        Long last = jdbc.queryForObject("select max(sequence_number) from domain_event_entry"
                + " where aggregate_identifier = ?", Long.class, accountId);
        String payload = "{\"accountId\":\"" + accountId + "\",\"transaction\":{"
                + "\"transactionId\":\"" + transactionId + "\",\"type\":\"Addition\","
                + "\"amount\":" + points + ",\"source\":\"Purchase\",\"description\":\"node b\","
                + "\"transactionDate\":\"" + validFrom + "\",\"validFrom\":\"" + validFrom + "\","
                + "\"validTo\":null,\"retailTransactionLineItemId\":null,"
                + "\"requestFingerprint\":\"other\"},\"lot\":{\"lotId\":\"" + transactionId
                + "\",\"points\":" + points + ",\"validFrom\":\"" + validFrom + "\","
                + "\"validTo\":null},\"overdraftRepaid\":0,\"recordedAt\":\"" + now + "\"}";
        jdbc.update("insert into domain_event_entry (event_identifier, aggregate_identifier,"
                        + " sequence_number, type, time_stamp, payload_type, payload_revision,"
                        + " payload, meta_data) values (?, ?, ?, 'PointAccount', ?, 'PointsAdded',"
                        + " '1', ?, ?)", UUID.randomUUID().toString(), accountId, last + 1,
                now.toString(), payload.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
        OffsetDateTime from = OffsetDateTime.ofInstant(validFrom, ZoneOffset.UTC);
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        jdbc.update("insert into point_lot (lot_id, account_id, points_remaining, valid_from)"
                + " values (?, ?, ?, ?)", transactionId, accountId, new BigDecimal(points), from);
        jdbc.update("insert into point_transaction (id, account_id, amount, type, source,"
                        + " description, transaction_date, created_on, modified_on, valid_from)"
                        + " values (?, ?, ?, 'Addition', 'Purchase', 'node b', ?, ?, ?, ?)",
                transactionId, accountId, new BigDecimal(points), from, at, at, from);
        jdbc.update("insert into transaction_claim (transaction_id, account_id,"
                + " request_fingerprint, claimed_on) values (?, ?, 'other', ?)",
                transactionId, accountId, at);
    }

    private static String addition(String accountId, String transactionId, String amount) {
        return "{\"accountId\":\"" + accountId + "\",\"transactionId\":\"" + transactionId
                + "\",\"transactionType\":\"Addition\",\"amount\":" + amount
                + ",\"source\":\"Purchase\",\"description\":\"@@(Bonus.Points)\"}";
    }

    private Api.Response post(String body) {
        return api().post("/api/v3/point-transactions", body);
    }

    private BigDecimal balance(String accountId) {
        return api().get("/api/v3/point-accounts/" + accountId).json().path("balance")
                .decimalValue();
    }
}
