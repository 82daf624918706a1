package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.Await;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.domain.account.PointAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Proves a long account history is snapshotted and still decides exactly after a reload. */
class SnapshotAndCacheTest extends LedgerIntegrationTest {

    private static final int BULK_REQUESTS = 4;
    private static final int ITEMS_PER_BULK = 65;
    private static final int SINGLE_TRANSACTIONS = 10;
    private static final long SNAPSHOT_THRESHOLD_EVENTS = 100;
    private static final Duration SNAPSHOT_WAIT_MAX = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Cache pointAccountCache;

    @Autowired
    private EventStore eventStore;

    @Test
    void account_keepsAnExactBalanceAndIsSnapshotted_whenItHasHundredsOfTransactions() {
        String contactId = uniqueContactId("snapshot");
        Random random = new Random(250L);
        BigDecimal expected = BigDecimal.ZERO;
        for (int request = 0; request < BULK_REQUESTS; request++) {
            ArrayNode items = JSON.createArrayNode();
            for (int index = 0; index < ITEMS_PER_BULK; index++) {
                BigDecimal amount = nextAmount(random, expected, index);
                expected = expected.add(amount);
                items.add(bulkItem(contactId, amount));
            }
            Api.Response response = api().post("/api/v3/point-accounts/transactions",
                    items.toString());
            assertThat(response.status()).as(response.text()).isEqualTo(202);
            assertThat(response.json().path("accepted").asInt()).as(response.text())
                    .isEqualTo(ITEMS_PER_BULK);
        }
        String accountId = api().get("/api/v3/point-accounts?contactId=" + contactId).json()
                .path("items").get(0).path("id").asText();
        for (int index = 0; index < SINGLE_TRANSACTIONS; index++) {
            BigDecimal amount = nextAmount(random, expected, index);
            expected = expected.add(amount);
            add(accountId, amount, 201);
        }
        int transactions = BULK_REQUESTS * ITEMS_PER_BULK + SINGLE_TRANSACTIONS;

        assertThat(balance(accountId)).isEqualByComparingTo(expected);
        assertThat(api().get("/api/v3/point-accounts/transactions?accountId=" + accountId)
                .json().path("totalCount").asInt()).isEqualTo(transactions);
        Long snapshotSequence = Await.value("a snapshot", SNAPSHOT_WAIT_MAX,
                () -> jdbc.queryForObject("select max(sequence_number)"
                        + " from snapshot_event_entry where aggregate_identifier = ?",
                        Long.class, accountId));
        assertThat(snapshotSequence).isGreaterThanOrEqualTo(SNAPSHOT_THRESHOLD_EVENTS);
        DomainEventMessage<?> first = eventStore.readEvents(accountId).peek();
        assertThat(first.getPayload()).as("the snapshot reads back")
                .isInstanceOf(PointAccount.class);
        assertThat(first.getSequenceNumber()).isEqualTo(snapshotSequence);
    }

    @Test
    void account_decidesExactlyAtTheBoundary_whenRebuiltFromItsSnapshotAfterTheCacheIsCleared() {
        String contactId = uniqueContactId("snapshot-reload");
        ArrayNode items = JSON.createArrayNode();
        BigDecimal expected = BigDecimal.ZERO;
        Random random = new Random(101L);
        for (int index = 0; index < 2 * SNAPSHOT_THRESHOLD_EVENTS + 20; index++) {
            BigDecimal amount = nextAmount(random, expected, index);
            expected = expected.add(amount);
            items.add(bulkItem(contactId, amount));
        }
        assertThat(api().post("/api/v3/point-accounts/transactions", items.toString())
                .json().path("accepted").asInt()).isEqualTo(items.size());
        String accountId = api().get("/api/v3/point-accounts?contactId=" + contactId).json()
                .path("items").get(0).path("id").asText();
        Await.until("a snapshot", SNAPSHOT_WAIT_MAX,
                () -> jdbc.queryForObject("select count(*) from snapshot_event_entry"
                        + " where aggregate_identifier = ?", Long.class, accountId) > 0);

        pointAccountCache.removeAll();

        Api.Response tooMuch = add(accountId, expected.add(new BigDecimal("0.0001")).negate(),
                409);
        assertThat(tooMuch.json().path("availableBalance").decimalValue())
                .isEqualByComparingTo(expected);
        pointAccountCache.removeAll();
        add(accountId, expected.negate(), 201);
        assertThat(balance(accountId)).isEqualByComparingTo("0");
    }

    /**
     * Mostly additions; every fourth is a deduction of at most what the account holds, so
     * the balance stays exact and never negative. Amounts carry 4 fractional digits.
     */
    private static BigDecimal nextAmount(Random random, BigDecimal balance, int index) {
        if (index % 4 == 3 && balance.signum() > 0) {
            long units = balance.movePointRight(4).longValueExact();
            return BigDecimal.valueOf(1 + (long) (random.nextDouble() * units), 4).min(balance)
                    .negate();
        }
        return BigDecimal.valueOf(1 + random.nextInt(1_000_000), 4);
    }

    private ObjectNode bulkItem(String contactId, BigDecimal amount) {
        ObjectNode item = JSON.createObjectNode();
        item.put("contactId", contactId);
        item.put("definitionId", 1);
        item.put("amount", amount);
        item.put("source", amount.signum() > 0 ? "Purchase" : "RewardVoucher");
        item.put("description", "history");
        return item;
    }

    private Api.Response add(String accountId, BigDecimal amount, int status) {
        ObjectNode body = JSON.createObjectNode();
        body.put("accountId", accountId);
        body.put("transactionId", "tx-" + UUID.randomUUID());
        body.put("transactionType", amount.signum() > 0 ? "Addition" : "Deduction");
        body.put("amount", amount);
        body.put("description", "history");
        body.put("source", amount.signum() > 0 ? "Purchase" : "RewardVoucher");
        Api.Response response = api().post("/api/v3/point-transactions", body.toString());
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        return response;
    }
}
