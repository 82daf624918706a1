package org.pointsledger.api.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.Reference;
import java.util.UUID;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.OtherNode;
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

        OtherNode.add(jdbc, accountId, "other-node-" + UUID.randomUUID(), "90", clock.instant());
        assertThat(balance(accountId)).isEqualByComparingTo("100");

        Api.Response deducted = post("{\"accountId\":\"" + accountId + "\",\"transactionId\":\""
                + "tx-" + UUID.randomUUID() + "\",\"transactionType\":\"Deduction\","
                + "\"amount\":50,\"source\":\"RewardVoucher\","
                + "\"description\":\"@@(ConvertedToBonusCheck)\"}");

        assertThat(deducted.status()).as(deducted.text()).isEqualTo(201);
        assertThat(balance(accountId)).isEqualByComparingTo("50");
        Reference.reachabilityFence(cachedHere);
    }

    private static String addition(String accountId, String transactionId, String amount) {
        return "{\"accountId\":\"" + accountId + "\",\"transactionId\":\"" + transactionId
                + "\",\"transactionType\":\"Addition\",\"amount\":" + amount
                + ",\"source\":\"Purchase\",\"description\":\"@@(Bonus.Points)\"}";
    }

    private Api.Response post(String body) {
        return api().post("/api/v3/point-transactions", body);
    }
}
