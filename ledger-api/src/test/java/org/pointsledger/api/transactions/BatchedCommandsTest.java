package org.pointsledger.api.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.ref.Reference;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.OtherNode;
import org.pointsledger.commands.BatchNotCommitted;
import org.pointsledger.commands.CommandOutcome;
import org.pointsledger.commands.LedgerCommands;
import org.pointsledger.commands.StampedCommand;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.AddTransaction;
import org.pointsledger.domain.account.BulkAdd;
import org.pointsledger.domain.account.InsufficientPointsException;
import org.pointsledger.domain.account.InvalidTransactionException;
import org.pointsledger.domain.account.LedgerRuleViolation;
import org.pointsledger.domain.account.PointAccountCommand;
import org.pointsledger.domain.account.TransactionDetails;
import org.pointsledger.domain.account.TransactionType;
import org.pointsledger.domain.errors.NotFound;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves many commands in one unit of work (LedgerCommands.sendTogether) answer each command
 * exactly, refusals among successes on the same account included, and that a batch that cannot
 * commit leaves nothing behind, not even in this node's aggregate cache.
 */
class BatchedCommandsTest extends LedgerIntegrationTest {

    @Autowired
    private LedgerCommands ledger;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Cache pointAccountCache;

    @Test
    void sendTogether_answersEachCommandExactly_whenRefusalsSitAmongSuccessesOnOneAccount() {
        String accountA = Accounts.openNew(api(), uniqueContactId("batch-a"), 1);
        String accountB = Accounts.openNew(api(), uniqueContactId("batch-b"), 1);
        String unknown = AccountId.of(uniqueContactId("batch-unknown"), 1).toString();
        long eventsOfA = eventCount(accountA);
        String added = "batch-" + UUID.randomUUID();
        Instant now = clock.instant();
        List<StampedCommand> batch = List.of(
                stamped(add(accountA, added, "100", null), "request-0"),
                stamped(add(accountA, added, "100", null), "request-1"),
                stamped(add(accountA, id(), "-150", null), "request-2"),
                stamped(add(accountA, id(), "-30", null), "request-3"),
                stamped(add(unknown, id(), "5", null), "request-4"),
                stamped(add(accountB, id(), "5", null), "request-5"),
                stamped(add(accountA, id(), "1", now.minus(Duration.ofDays(1))), "request-6"),
                stamped(add(accountA, id(), "-70", null), "request-7"));

        List<CommandOutcome> outcomes = ledger.sendTogether(batch);

        assertThat(outcomes).hasSize(batch.size());
        assertThat(outcomes.get(0).isRefused()).as("the addition").isFalse();
        assertThat(outcomes.get(1).refusal()).isExactlyInstanceOf(LedgerRuleViolation.class)
                .hasMessageContaining(added);
        assertThat(outcomes.get(2).refusal()).isInstanceOf(InsufficientPointsException.class)
                .hasMessage("Insufficient points: 150 requested, 100 available");
        assertThat(outcomes.get(3).isRefused()).as("a deduction after refusals").isFalse();
        assertThat(outcomes.get(4).refusal()).isInstanceOf(NotFound.class)
                .hasMessageContaining(unknown);
        assertThat(outcomes.get(5).isRefused()).as("another account's addition").isFalse();
        assertThat(outcomes.get(6).refusal()).isInstanceOf(InvalidTransactionException.class)
                .hasMessage("validTo must be after validFrom");
        assertThat(outcomes.get(7).isRefused()).as("the last deduction").isFalse();
        assertThat(balance(accountA)).isEqualByComparingTo("0");
        assertThat(balance(accountB)).isEqualByComparingTo("5");
        assertThat(amountsListed(accountA)).containsOnlyKeys(added,
                transactionId(batch.get(3)), transactionId(batch.get(7)));
        assertThat(amountsListed(accountA).get(added)).isEqualByComparingTo("100");
        assertThat(eventCount(accountA)).as("events of A").isEqualTo(eventsOfA + 3);
        assertThat(api().get("/api/v3/point-accounts/" + unknown).status()).isEqualTo(404);
        assertThat(requestIdsOfEvents(accountA)).containsExactly("request-0", "request-3",
                "request-7");
        assertThat(requestIdsOfEvents(accountB)).containsExactly("request-5");
        for (String account : List.of(accountA, accountB)) {
            JsonNode verification = api().get("/api/v3/point-accounts/" + account + "/verify")
                    .json();
            assertThat(verification.path("verified").asBoolean()).as(verification.toString())
                    .isTrue();
        }
    }

    @Test
    void sendTogether_leavesNothingAnywhere_whenTheBatchCannotCommit() {
        String contactId = uniqueContactId("batch-rolled-back");
        String accountId = Accounts.openNew(api(), contactId, 1);
        assertThat(api().post("/api/v3/point-transactions", Accounts.transaction(accountId, id(),
                "Addition", "10", "funding", clock.instant())).status()).isEqualTo(201);
        Object cachedHere = Accounts.holdCached(api(), pointAccountCache, contactId, accountId);
        long events = eventCount(accountId);
        String broken = uniqueContactId("batch-broken");
        occupyAccountRow(broken);
        String rolledBack = "batch-rolled-back-" + UUID.randomUUID();

        assertThatThrownBy(() -> ledger.sendAll(List.of(add(accountId, rolledBack, "100", null),
                new BulkAdd(AccountId.of(broken, 1), broken, 1, List.of(details(id(), "5",
                        null)), false))))
                .isInstanceOf(BatchNotCommitted.class);

        assertThat(eventCount(accountId)).as("events").isEqualTo(events);
        assertThat(balance(accountId)).isEqualByComparingTo("10");
        assertThat(jdbc.queryForObject("select count(*) from transaction_claim"
                + " where transaction_id = ?", Long.class, rolledBack)).as("claims").isZero();
        assertThat((Object) pointAccountCache.get(accountId)).as("the cache after the rollback")
                .isNull();
        // Another node now appends as many events as the batch tried to: a cache that kept
        // the batch's account would pass the store check and decide on 110 points.
        OtherNode.add(jdbc, accountId, "other-" + UUID.randomUUID(), "1", clock.instant());
        Api.Response tooMuch = api().post("/api/v3/point-transactions", Accounts.transaction(
                accountId, id(), "Deduction", "50", "more than there is", clock.instant()));
        assertProblem(tooMuch, 409, "insufficient-points");
        assertThat(tooMuch.json().path("availableBalance").decimalValue())
                .isEqualByComparingTo("11");
        Reference.reachabilityFence(cachedHere);
    }

    /**
     * A read-model row in the way of the account's first event: its projection then fails at
     * the commit, which rolls the whole batch back.
     */
    private void occupyAccountRow(String contactId) {
        jdbc.update("insert into point_account (id, contact_id, definition_id, overdraft,"
                        + " opened_on) values (?, ?, 1, 0, current_timestamp)",
                AccountId.of(contactId, 1).toString(), contactId + "-stray");
    }

    private AddTransaction add(String accountId, String transactionId, String amount,
                               Instant validTo) {
        return new AddTransaction(AccountId.parse(accountId),
                details(transactionId, amount, validTo), false);
    }

    private TransactionDetails details(String transactionId, String amount, Instant validTo) {
        BigDecimal points = new BigDecimal(amount);
        Instant now = clock.instant();
        return new TransactionDetails(transactionId, points.signum() > 0
                ? TransactionType.Addition : TransactionType.Deduction, points, "Purchase",
                "batched " + transactionId, now, now, validTo, null, "fingerprint-" + amount);
    }

    private static StampedCommand stamped(PointAccountCommand command, String requestId) {
        return new StampedCommand(command, requestId, "batched-commands-test");
    }

    private static String transactionId(StampedCommand stamped) {
        return ((AddTransaction) stamped.command()).transaction().transactionId();
    }

    private Map<String, BigDecimal> amountsListed(String accountId) {
        Api.Response page = api().get("/api/v3/point-transactions?id=" + accountId
                + "&count=1000");
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        Map<String, BigDecimal> amounts = new HashMap<>();
        page.json().path("items").forEach(transaction -> amounts.put(
                transaction.path("id").asText(), transaction.path("amount").decimalValue()));
        return amounts;
    }

    /** The request ids the account's events carry, after its opening, in order. */
    private List<String> requestIdsOfEvents(String accountId) {
        Api.Response page = api().get("/api/v3/point-accounts/" + accountId + "/events");
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        List<String> requestIds = new java.util.ArrayList<>();
        page.json().path("items").forEach(event -> {
            if (!event.path("type").asText().equals("AccountOpened")) {
                requestIds.add(event.path("metadata").path("requestId").asText());
            }
        });
        return requestIds;
    }

    private static String id() {
        return "batch-" + UUID.randomUUID();
    }
}
