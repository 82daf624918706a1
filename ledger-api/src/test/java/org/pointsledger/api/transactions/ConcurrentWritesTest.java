package org.pointsledger.api.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.ref.Reference;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.OtherNode;
import org.pointsledger.api.support.Storm;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Proves racing writes, also from two nodes, apply exactly once and never overdraw. */
class ConcurrentWritesTest extends LedgerIntegrationTest {

    private static final int THREADS = 8;
    private static final int REQUESTS_PER_THREAD = 25;
    /** Bounds the whole storm of requests, so a deadlock fails the test instead of hanging. */
    private static final long STORM_SECONDS_MAX = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Cache pointAccountCache;

    @Test
    void addTransaction_appliesOnce_whenTheSameTransactionIdIsSentConcurrently() throws Exception {
        String accountId = Accounts.open(api(), uniqueContactId("concurrent-same-id"));
        String body = transaction(accountId, "tx-" + UUID.randomUUID(), "Addition", "37.5");

        List<Api.Response> responses = storm(request -> api().post("/api/v3/point-transactions",
                body));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 200)
                .hasSize(THREADS * REQUESTS_PER_THREAD - 1);
        assertThat(responses).allSatisfy(r -> assertThat(r.json().path("amount").decimalValue())
                .isEqualByComparingTo("37.5"));
        assertThat(balance(accountId)).isEqualByComparingTo("37.5");
        assertThat(transactionCount(accountId)).isEqualTo(1);
        // The losers' rolled-back units of work must not linger in the cached aggregate.
        assertProblem(api().post("/api/v3/point-transactions", transaction(accountId,
                "tx-" + UUID.randomUUID(), "Deduction", "37.5001")), 409, "insufficient-points");
        assertThat(api().post("/api/v3/point-transactions", transaction(accountId,
                "tx-" + UUID.randomUUID(), "Deduction", "37.5")).status()).isEqualTo(201);
        assertThat(balance(accountId)).isEqualByComparingTo("0");
    }

    @Test
    void deduction_appliesOnceAndAnswersEveryRepeat_whenItsTransactionIdIsSentConcurrently()
            throws Exception {
        String accountId = Accounts.open(api(), uniqueContactId("concurrent-same-deduction"));
        post(transaction(accountId, "tx-" + UUID.randomUUID(), "Addition", "20"), 201);
        String body = transaction(accountId, "tx-" + UUID.randomUUID(), "Deduction", "20");

        List<Api.Response> responses = storm(request -> api().post("/api/v3/point-transactions",
                body));

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 200 && r.status() != 201)
                .as("a repeat of the deduction that emptied the account is still a repeat")
                .isEmpty();
        assertThat(balance(accountId)).isEqualByComparingTo("0");
        assertThat(transactionCount(accountId)).isEqualTo(2);
    }

    @Test
    void deductions_neverOverdrawAndAreEachReflected_whenSentConcurrently() throws Exception {
        String accountId = Accounts.open(api(), uniqueContactId("concurrent-deductions"));
        BigDecimal initial = new BigDecimal("500");
        post(transaction(accountId, "tx-" + UUID.randomUUID(), "Addition", "500"), 201);
        // 200 deductions of 1 to 7.0001 points ask for far more than the 500 there are.
        IntFunction<BigDecimal> amountOf = request -> BigDecimal.valueOf(request % 7 + 1)
                .add(request % 3 == 0 ? new BigDecimal("0.0001") : BigDecimal.ZERO);

        List<Api.Response> responses = storm(request -> api().post(
                "/api/v3/point-transactions", transaction(accountId, "tx-" + UUID.randomUUID(),
                        "Deduction", amountOf.apply(request).toPlainString())));

        BigDecimal deducted = BigDecimal.ZERO;
        BigDecimal smallestRefused = null;
        int created = 0;
        for (int request = 0; request < responses.size(); request++) {
            Api.Response response = responses.get(request);
            BigDecimal amount = amountOf.apply(request);
            if (response.status() == 201) {
                created++;
                deducted = deducted.add(amount);
                assertThat(response.json().path("amount").decimalValue())
                        .isEqualByComparingTo(amount.negate());
            } else {
                assertProblem(response, 409, "insufficient-points");
                smallestRefused = smallestRefused == null ? amount : smallestRefused.min(amount);
            }
        }
        BigDecimal balance = balance(accountId);
        assertThat(balance).isEqualByComparingTo(initial.subtract(deducted));
        assertThat(balance).isGreaterThanOrEqualTo(BigDecimal.ZERO);
        assertThat(smallestRefused).as("some deductions must have been refused").isNotNull();
        // Balances only fall, so a refusal was right only if even the final balance is short.
        assertThat(balance).isLessThan(smallestRefused);
        assertThat(transactionCount(accountId)).isEqualTo(1 + created);
    }

    @Test
    void bulkAdd_appliesOnce_whenRequestsWithTheSameIdempotencyKeyRaceEachOther()
            throws Exception {
        String contactA = uniqueContactId("concurrent-key-a");
        String contactB = uniqueContactId("concurrent-key-b");
        ArrayNode items = JSON.createArrayNode();
        for (int index = 0; index < 10; index++) {
            items.add(bulkItem(index % 2 == 0 ? contactA : contactB, "1.25"));
        }
        String body = items.toString();
        Map<String, String> key = Map.of("Idempotency-Key", "key-" + UUID.randomUUID());

        List<Api.Response> responses = storm(THREADS,
                request -> api().post("/api/v3/point-accounts/transactions", body, key));

        assertThat(responses).hasSize(THREADS);
        assertThat(responses).allSatisfy(response -> {
            assertThat(response.status()).as(response.text()).isEqualTo(202);
            assertThat(response.json().path("accepted").asInt()).isEqualTo(10);
        });
        for (String contactId : List.of(contactA, contactB)) {
            String accountId = accountIdOf(contactId);
            assertThat(balance(accountId)).as(contactId).isEqualByComparingTo("6.25");
            assertThat(transactionCount(accountId)).as(contactId).isEqualTo(5);
        }
    }

    @Test
    void bulkAdd_answersEveryRaceTheSame_whenItsItemEmptiesTheAccountUnderOneIdempotencyKey()
            throws Exception {
        String contactId = uniqueContactId("concurrent-key-deduction");
        String accountId = Accounts.open(api(), contactId);
        post(transaction(accountId, "tx-" + UUID.randomUUID(), "Addition", "20"), 201);
        ObjectNode deduction = bulkItem(contactId, "-20");
        String body = JSON.createArrayNode().add(deduction).toString();
        Map<String, String> key = Map.of("Idempotency-Key", "key-" + UUID.randomUUID());

        List<Api.Response> responses = storm(THREADS,
                request -> api().post("/api/v3/point-accounts/transactions", body, key));

        assertThat(responses).hasSize(THREADS);
        assertThat(responses).allSatisfy(response -> {
            assertThat(response.status()).as(response.text()).isEqualTo(202);
            assertThat(response.json().path("accepted").asInt()).as(response.text())
                    .isEqualTo(1);
        });
        assertThat(api().post("/api/v3/point-accounts/transactions", body, key).json()
                .path("accepted").asInt()).isEqualTo(1);
        assertThat(balance(accountId)).isEqualByComparingTo("0");
        assertThat(transactionCount(accountId)).isEqualTo(2);
    }

    /**
     * Two nodes share one database: this node holds the account in its cache when another
     * node appends to it. This node must notice, reload the account from the store and append
     * after the other node's event, not answer an internal error.
     */
    @Test
    void addTransaction_isRetriedAndApplied_whenAnotherNodeAppendedToTheAccountFirst() {
        String contactId = uniqueContactId("concurrent-other-node");
        String accountId = Accounts.open(api(), contactId);
        Object cachedHere = Accounts.holdCached(api(), pointAccountCache, contactId, accountId);
        OtherNode.appendCopyOfLastEvent(jdbc, accountId);

        Api.Response added = api().post("/api/v3/point-transactions",
                transaction(accountId, "tx-" + UUID.randomUUID(), "Addition", "8.5"));

        assertThat(added.status()).as(added.text()).isEqualTo(201);
        assertThat(balance(accountId)).isEqualByComparingTo("8.5");
        Reference.reachabilityFence(cachedHere);
    }

    private List<Api.Response> storm(IntFunction<Api.Response> request) throws Exception {
        return storm(THREADS * REQUESTS_PER_THREAD, request);
    }

    /** Sends {@code total} requests from {@link #THREADS} threads that all start at once. */
    private List<Api.Response> storm(int total, IntFunction<Api.Response> request)
            throws Exception {
        return Storm.of(THREADS, total, Duration.ofSeconds(STORM_SECONDS_MAX), request);
    }

    private String accountIdOf(String contactId) {
        Api.Response response = api().get("/api/v3/point-accounts?contactId=" + contactId);
        assertThat(response.json().path("items")).as(response.text()).hasSize(1);
        return response.json().path("items").get(0).path("id").asText();
    }

    private String transaction(String accountId, String transactionId, String type,
                               String amount) {
        return Accounts.transaction(accountId, transactionId, type, amount,
                "concurrent " + type, clock.instant());
    }

    private ObjectNode bulkItem(String contactId, String amount) {
        ObjectNode item = JSON.createObjectNode();
        item.put("contactId", contactId);
        item.put("amount", new BigDecimal(amount));
        item.put("definitionId", 1);
        item.put("timeStamp", clock.instant().toString());
        item.put("source", "Purchase");
        item.put("description", "raced");
        return item;
    }

    private void post(String body, int status) {
        Api.Response response = api().post("/api/v3/point-transactions", body);
        assertThat(response.status()).as(response.text()).isEqualTo(status);
    }

    private long transactionCount(String accountId) {
        Api.Response response = api().get("/api/v3/point-accounts/transactions?accountId="
                + accountId + "&count=1000");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode page = response.json();
        assertThat(page.path("items").size()).isEqualTo(page.path("totalCount").asInt());
        return page.path("totalCount").asLong();
    }
}
