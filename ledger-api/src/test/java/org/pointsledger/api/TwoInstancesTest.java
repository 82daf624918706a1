package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.BulkItems;
import org.pointsledger.api.support.EventStoreReplay;
import org.pointsledger.api.support.PostgresDatabase;
import org.pointsledger.api.support.ServiceProcess;
import org.pointsledger.api.support.Storm;
import org.pointsledger.api.support.TestDatabase;
import org.pointsledger.commands.transactions.BulkWriter;
import org.pointsledger.domain.account.AccountId;

/**
 * Proves two service processes on one PostgreSQL never overdraw an account that many clients
 * deduct from through both at once, lose no acknowledged deduction, and retry their append
 * conflicts themselves (a client sees 409 only for lack of points, never a 5xx); and that two
 * bulk requests racing over the same accounts through both, chunk against chunk, overdraw
 * nothing and apply each item they accept exactly once.
 */
class TwoInstancesTest {

    private static final int CLIENT_THREADS = 16;
    private static final int FUNDED_POINTS = 150;
    /** Twice the points there are: half the deductions must be refused. */
    private static final int DEDUCTIONS = 2 * FUNDED_POINTS;
    private static final int NEGATIVE_DEFINITION_ID = 77;
    private static final long STORM_SECONDS_MAX = 120;
    private static final String BULK = "/api/v3/point-accounts/transactions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PostgresDatabase database;
    private static List<ServiceProcess> nodes = List.of();

    /** One deduction and the answer it got. */
    private record Deduction(String transactionId, Api.Response answer) {
    }

    /** Per test, so that on H2 each test reports itself skipped; the nodes start once. */
    @BeforeEach
    void startTwoNodes() {
        assumeTrue(TestDatabase.isPostgres(), "TwoInstancesTest runs two service processes on"
                + " one PostgreSQL: set LEDGER_TEST_DB_URL (CI does)");
        if (database != null) {
            return;
        }
        database = PostgresDatabase.create("two_nodes");
        Map<String, String> environment = ServiceProcess.database(database.url(),
                database.user(), database.password());
        // One at a time: both would otherwise race to run the Flyway migrations.
        nodes = List.of(ServiceProcess.of("node-a", Path.of("target"), environment).start(),
                ServiceProcess.of("node-b", Path.of("target"), environment).start());
    }

    @AfterAll
    static void stopNodes() {
        nodes.forEach(ServiceProcess::close);
        if (database != null) {
            database.close();
        }
    }

    @Test
    void exactlyTheFundedPointsAreDeducted_whenTwoNodesTakeConcurrentDeductions()
            throws Exception {
        String accountId = openAndFund("two-nodes-" + UUID.randomUUID().toString()
                .substring(0, 8), 1);

        List<Deduction> deductions = storm(accountId);

        List<Deduction> created = deductions.stream()
                .filter(deduction -> deduction.answer().status() == 201).toList();
        assertThat(answersOtherThan(deductions, 201, 409)).as("answers other than 201 and 409")
                .isEmpty();
        assertThat(created).as("deductions applied").hasSize(FUNDED_POINTS);
        assertThat(deductions).filteredOn(deduction -> deduction.answer().status() == 409)
                .hasSize(DEDUCTIONS - FUNDED_POINTS)
                .allSatisfy(refused -> assertProblem(refused.answer(), 409,
                        "insufficient-points"));
        assertBalanceOnBothNodesAndReplay(accountId, BigDecimal.ZERO, false);
        assertEachAppliedOnce(accountId, created);
    }

    @Test
    void everyDeductionIsAppliedOnce_whenTheDefinitionAllowsANegativeBalance()
            throws Exception {
        Api.Response definition = nodes.get(0).api().put("/api/v3/point-accounts/definitions/"
                + NEGATIVE_DEFINITION_ID, "{\"name\":\"Overdraft points\","
                + "\"description\":\"may go negative\",\"allowNegativeBalance\":true}");
        assertThat(definition.status()).as(definition.text()).isIn(200, 201);
        String accountId = openAndFund("two-nodes-negative-" + UUID.randomUUID().toString()
                .substring(0, 8), NEGATIVE_DEFINITION_ID);

        List<Deduction> deductions = storm(accountId);

        assertThat(answersOtherThan(deductions, 201)).as("answers other than 201").isEmpty();
        assertBalanceOnBothNodesAndReplay(accountId,
                BigDecimal.valueOf(FUNDED_POINTS - DEDUCTIONS), true);
        assertEachAppliedOnce(accountId, deductions);
    }

    @Test
    void bulkRequestsRacingOverTheSameAccounts_neverOverdrawNorLoseNorDoubleAnItem()
            throws Exception {
        String run = "two-nodes-bulk-" + UUID.randomUUID().toString().substring(0, 8);
        int accounts = BulkWriter.CHUNK_ACCOUNTS_MAX + 50;
        ArrayNode funding = JSON.createArrayNode();
        for (int account = 0; account < accounts; account++) {
            funding.add(bulkItem(run, account, "10", run + "-fund-" + account));
        }
        Api.Response funded = nodes.get(0).api().post(BULK, funding.toString());
        assertThat(funded.json().path("accepted").asInt()).as(funded.text())
                .isEqualTo(accounts);
        // Through each node: on every account, one more point and a deduction of 8. An account
        // holds 10, and 12 at most, so only one of its two deductions can be applied.
        List<ArrayNode> requests = new ArrayList<>();
        for (int node = 0; node < nodes.size(); node++) {
            ArrayNode items = JSON.createArrayNode();
            for (int account = 0; account < accounts; account++) {
                items.add(bulkItem(run, account, "1", run + "-" + node + "-add-" + account));
                items.add(bulkItem(run, account, "-8", run + "-" + node + "-take-" + account));
            }
            requests.add(items);
        }

        List<Api.Response> answers = Storm.of(nodes.size(), nodes.size(),
                Duration.ofSeconds(STORM_SECONDS_MAX),
                node -> nodes.get(node).api().post(BULK, requests.get(node).toString()));

        Map<String, BigDecimal> accepted = new HashMap<>();
        int sendAgain = 0;
        for (int node = 0; node < nodes.size(); node++) {
            Api.Response answer = answers.get(node);
            assertThat(answer.status()).as(answer.text()).isEqualTo(202);
            Set<Integer> refused = new HashSet<>();
            for (JsonNode item : answer.json().path("notAccepted")) {
                String message = item.path("errorMessages").get(0).asText();
                assertThat(message).as(item.toString()).satisfiesAnyOf(
                        text -> assertThat(text).startsWith("Insufficient points: 8 requested"),
                        text -> assertThat(text).contains("send it again"));
                sendAgain += message.contains("send it again") ? 1 : 0;
                refused.add(item.path("index").asInt());
            }
            for (int index = 0; index < requests.get(node).size(); index++) {
                if (!refused.contains(index)) {
                    JsonNode item = requests.get(node).get(index);
                    accepted.put(item.path("transactionId").asText(),
                            item.path("amount").decimalValue());
                }
            }
        }
        System.out.printf("TwoInstancesTest: two bulks of %d items, %d accepted, %d to be sent"
                + " again%n", 2 * 2 * accounts, accepted.size(), sendAgain);
        try (Connection connection = database.connect()) {
            for (int account = 0; account < accounts; account++) {
                String accountId = AccountId.of(run + "-" + account, 1).toString();
                Map<String, BigDecimal> listed = listed(accountId);
                Map<String, BigDecimal> expected = new HashMap<>();
                expected.put(run + "-fund-" + account, BigDecimal.TEN);
                for (int node = 0; node < nodes.size(); node++) {
                    for (String kind : List.of("-add-", "-take-")) {
                        String id = run + "-" + node + kind + account;
                        if (accepted.containsKey(id)) {
                            expected.put(id, accepted.get(id));
                        }
                    }
                }
                assertThat(EventStoreReplay.sameAmounts(listed, expected))
                        .as("%s lists %s, accepted %s", accountId, listed, expected).isTrue();
                BigDecimal balance = expected.values().stream()
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(balance).as(accountId).isNotNegative();
                assertThat(Accounts.balance(nodes.get(account % 2).api(), accountId))
                        .as(accountId).isEqualByComparingTo(balance);
                assertThat(EventStoreReplay.differences(connection, accountId, Instant.now(),
                        balance)).as("read models against a replay").isEmpty();
            }
        }
    }

    /** A bulk item of definition 1 for the run's contact, valid from a day ago. */
    private static ObjectNode bulkItem(String run, int account, String amount,
                                       String transactionId) {
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        return BulkItems.item(dayAgo, run + "-" + account, amount,
                amount.startsWith("-") ? "RewardVoucher" : "Purchase", "two nodes bulk")
                .put("transactionId", transactionId);
    }

    /** The account's transactions as node b lists them: id and amount. */
    private static Map<String, BigDecimal> listed(String accountId) {
        Api.Response page = nodes.get(1).api().get("/api/v3/point-accounts/transactions"
                + "?accountId=" + accountId + "&count=1000");
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        Map<String, BigDecimal> listed = new HashMap<>();
        page.json().path("items").forEach(transaction -> listed.put(
                transaction.path("id").asText(), transaction.path("amount").decimalValue()));
        assertThat(listed).hasSize(page.json().path("totalCount").asInt());
        return listed;
    }

    private static List<String> answersOtherThan(List<Deduction> deductions,
                                                 Integer... statuses) {
        List<Integer> expected = List.of(statuses);
        return deductions.stream().map(Deduction::answer)
                .filter(answer -> !expected.contains(answer.status()))
                .map(answer -> answer.status() + " " + answer.text()).toList();
    }

    private static String openAndFund(String contactId, int definitionId) {
        Api api = nodes.get(0).api();
        String accountId = Accounts.openNew(api, contactId, definitionId);
        Api.Response funded = api.post("/api/v3/point-transactions", transaction(accountId,
                "fund-" + UUID.randomUUID(), "Addition", FUNDED_POINTS));
        assertThat(funded.status()).as(funded.text()).isEqualTo(201);
        return accountId;
    }

    /**
     * Sends {@link #DEDUCTIONS} deductions of one point from {@link #CLIENT_THREADS} threads
     * that start at once, alternating between the two nodes.
     */
    private static List<Deduction> storm(String accountId) throws Exception {
        return Storm.of(CLIENT_THREADS, DEDUCTIONS, Duration.ofSeconds(STORM_SECONDS_MAX),
                number -> {
                    String transactionId = "deduct-" + UUID.randomUUID();
                    Api api = nodes.get(number % nodes.size()).api();
                    return new Deduction(transactionId, api.post("/api/v3/point-transactions",
                            transaction(accountId, transactionId, "Deduction", 1)));
                });
    }

    private static void assertBalanceOnBothNodesAndReplay(String accountId, BigDecimal expected,
                                                          boolean negativeBalanceAllowed)
            throws Exception {
        for (ServiceProcess node : nodes) {
            Api.Response account = node.api().get("/api/v3/point-accounts/" + accountId);
            assertThat(account.json().path("balance").decimalValue())
                    .as("balance read on %s", node.baseUrl()).isEqualByComparingTo(expected);
        }
        try (Connection connection = database.connect()) {
            assertThat(EventStoreReplay.differences(connection, accountId, Instant.now(),
                    expected, negativeBalanceAllowed))
                    .as("read models against a replay and the independent model").isEmpty();
        }
    }

    private static void assertEachAppliedOnce(String accountId, List<Deduction> applied) {
        Api.Response page = nodes.get(1).api().get("/api/v3/point-accounts/transactions"
                + "?accountId=" + accountId + "&count=1000");
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        Map<String, BigDecimal> listed = new HashMap<>();
        page.json().path("items").forEach(transaction -> listed.put(
                transaction.path("id").asText(), transaction.path("amount").decimalValue()));
        assertThat(page.json().path("totalCount").asInt()).as("funding plus deductions")
                .isEqualTo(1 + applied.size());
        assertThat(applied).isNotEmpty().allSatisfy(deduction -> assertThat(listed.get(
                deduction.transactionId())).as(deduction.transactionId())
                .isEqualByComparingTo("-1"));
    }

    private static String transaction(String accountId, String transactionId, String type,
                                      int amount) {
        return "{\"accountId\":\"" + accountId + "\",\"transactionId\":\"" + transactionId
                + "\",\"transactionType\":\"" + type + "\",\"amount\":" + amount
                + ",\"source\":\"" + (type.equals("Addition") ? "Purchase" : "RewardVoucher")
                + "\",\"description\":\"two nodes\"}";
    }
}
