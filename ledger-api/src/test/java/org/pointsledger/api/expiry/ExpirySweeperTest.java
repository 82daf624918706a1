package org.pointsledger.api.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Instants.instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.TestDatabase;
import org.pointsledger.commands.expiry.ExpirySweeper;
import org.pointsledger.domain.account.TransactionIds;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves the sweeper writes each due lot's expiry once, for what is left of the lot only, as
 * the expiry-sweeper, also when two nodes sweep the same due lots at the same moment.
 */
class ExpirySweeperTest extends LedgerIntegrationTest {

    static final String EXPIRY_DESCRIPTION = "@@(RemovedDueToTimeLimit)";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rounds of the two-sweep race, each on lots of its own. */
    private static final int RACE_ROUNDS = 5;
    private static final int RACE_ACCOUNTS = 3;
    private static final int RACE_LOTS = 4;
    private static final String KEPT_POINTS = "7";
    private static final long RACE_SWEEP_MAX_SECONDS = 60;
    private static final long HELD_LOT_SWEEP_MAX_SECONDS = 20;

    @Autowired
    private ExpirySweeper sweeper;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private DataSource dataSource;

    @Test
    void sweep_expiresADueLotOnce_andARepeatedSweepChangesNothing() {
        String accountId = openAccount(uniqueContactId("sweep-once"));
        Instant validTo = clock.instant().plus(Duration.ofMinutes(30));
        add(accountId, "100", validTo);
        add(accountId, "5", null);

        sweeper.sweepDueLots();
        assertThat(expiriesOf(accountId)).as("not due yet").isEmpty();
        clock.advance(Duration.ofMinutes(31));
        assertThat(balance(accountId)).as("reads never count expired points")
                .isEqualByComparingTo("5");
        int expired = sweeper.sweepDueLots();
        sweeper.sweepDueLots();

        assertThat(expired).isPositive();
        JsonNode expiry = single(expiriesOf(accountId));
        assertThat(expiry.path("type").asText()).isEqualTo("Deduction");
        assertThat(expiry.path("source").asText()).isEqualTo("Automation");
        assertThat(expiry.path("amount").decimalValue()).isEqualByComparingTo("-100");
        assertThat(instant(expiry, "transactionDate")).isEqualTo(validTo);
        assertThat(balance(accountId)).isEqualByComparingTo("5");
        assertThat(transactions(accountId)).hasSize(3);
        JsonNode expiredEvent = single(events(accountId, "PointsExpired"));
        assertThat(expiredEvent.path("metadata").path("causedBy").asText())
                .as("who caused an automatic expiry").isEqualTo("expiry-sweeper");
    }

    /**
     * Two nodes' sweeps, released together by a barrier on lots that are due and not yet
     * swept, over several rounds: each lot is claimed by one of them only (FOR UPDATE SKIP
     * LOCKED), so each expires exactly once and none is left due when both have finished.
     */
    @Test
    void twoSweeps_expireEachLotExactlyOnce_whenReleasedTogetherOnDueLots() throws Exception {
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        int roundsBothExpired = 0;
        try {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                Map<String, Set<String>> lots = dueLotsOfNewAccounts("race-" + round);
                int dueBefore = lotsDue();
                assertThat(dueBefore).isGreaterThanOrEqualTo(RACE_ACCOUNTS * RACE_LOTS);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Integer> first = nodes.submit(() -> sweepAfter(together));
                Future<Integer> second = nodes.submit(() -> sweepAfter(together));
                int byFirst = first.get(RACE_SWEEP_MAX_SECONDS, TimeUnit.SECONDS);
                int bySecond = second.get(RACE_SWEEP_MAX_SECONDS, TimeUnit.SECONDS);
                System.out.printf("sweep race round %d: %d and %d expiries%n", round, byFirst,
                        bySecond);

                String context = "round " + round + ": " + byFirst + " + " + bySecond;
                assertThat(lotsDueOf(lots.keySet())).as(context + ", left due").isZero();
                assertThat(byFirst + bySecond).as(context + ", expiries the sweeps wrote")
                        .isEqualTo(dueBefore - lotsDue());
                assertExpiredOnce(lots, context);
                roundsBothExpired += byFirst > 0 && bySecond > 0 ? 1 : 0;
            }
        } finally {
            nodes.shutdownNow();
        }
        // H2 locks every due row a claim reads, so there one sweep holds them all and the
        // other finds none; PostgreSQL locks only the row it answers, so both take lots.
        if (TestDatabase.isPostgres()) {
            assertThat(roundsBothExpired).as("rounds in which both sweeps expired lots")
                    .isPositive();
        }
    }

    /**
     * While another node holds a due lot (its row lock, as during that node's expiry), a sweep
     * passes over it and expires the rest instead of waiting; the lot expires once released.
     */
    @Test
    void sweep_passesOverALotAnotherNodeHolds_andExpiresTheRestWithoutWaiting()
            throws Exception {
        String accountId = openAccount(uniqueContactId("sweep-held"));
        Instant validTo = clock.instant().plus(Duration.ofMinutes(1));
        add(accountId, "11", validTo);
        add(accountId, "22", validTo);
        add(accountId, "33", validTo);
        clock.advance(Duration.ofMinutes(2));
        List<String> lots = jdbc.queryForList("select lot_id from point_lot where account_id = ?"
                + " order by valid_to, lot_id", String.class, accountId);
        assertThat(lots).hasSize(3);
        ExecutorService node = Executors.newSingleThreadExecutor();
        try (Connection otherNode = dataSource.getConnection()) {
            otherNode.setAutoCommit(false);
            holdLot(otherNode, lots.get(0));
            Future<Integer> sweep = node.submit(sweeper::sweepDueLots);
            try {
                sweep.get(HELD_LOT_SWEEP_MAX_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException waited) {
                throw new AssertionError("the sweep waited for the lot another node holds");
            } finally {
                otherNode.rollback();
            }
            assertThat(lotsDueOf(Set.of(accountId))).as("the held lot is still due").isOne();
            assertThat(expiriesOf(accountId)).as("the other lots expired").hasSize(2);
        } finally {
            node.shutdownNow();
        }

        sweeper.sweepDueLots();

        assertThat(lotsDueOf(Set.of(accountId))).isZero();
        assertThat(expiriesOf(accountId)).hasSize(3);
        assertThat(balance(accountId)).isEqualByComparingTo("0");
    }

    @Test
    void sweep_expiresOnlyTheRemainder_whenTheLotWasPartlyConsumed() {
        String accountId = openAccount(uniqueContactId("sweep-remainder"));
        Instant soon = clock.instant().plus(Duration.ofMinutes(10));
        add(accountId, "100", soon);
        add(accountId, "40", soon.plus(Duration.ofDays(365)));
        // The lot that expires soonest is drawn first: 30.5 of the 100.
        deduct(accountId, "30.5");
        clock.advance(Duration.ofMinutes(11));

        sweeper.sweepDueLots();

        JsonNode expiry = single(expiriesOf(accountId));
        assertThat(expiry.path("amount").decimalValue()).isEqualByComparingTo("-69.5");
        assertThat(instant(expiry, "transactionDate")).isEqualTo(soon);
        assertThat(balance(accountId)).isEqualByComparingTo("40");
        // What the account holds now is exactly the second lot: one point more is refused.
        assertThat(api().post("/api/v3/point-transactions", deduction(accountId, "40.0001"))
                .status()).isEqualTo(409);
    }

    @Test
    void add_writesTheExpiryAtOnceWithoutASweep_whenValidToHasAlreadyPassed() {
        String accountId = openAccount(uniqueContactId("sweep-past"));
        Instant validFrom = clock.instant().minus(Duration.ofDays(60));
        Instant validTo = clock.instant().minus(Duration.ofDays(30));
        ObjectNode body = addition(accountId, "25.75", validTo);
        body.put("validFrom", validFrom.toString());

        Api.Response response = api().post("/api/v3/point-transactions", body.toString());

        assertThat(response.status()).as(response.text()).isEqualTo(201);
        JsonNode expiry = single(expiriesOf(accountId));
        assertThat(expiry.path("amount").decimalValue()).isEqualByComparingTo("-25.75");
        assertThat(expiry.path("source").asText()).isEqualTo("Automation");
        assertThat(instant(expiry, "transactionDate")).isEqualTo(validTo);
        assertThat(balance(accountId)).isEqualByComparingTo("0");
    }

    @Test
    void sweep_expiresTheLotsBehind_whenAnEarlierLotCannotBeExpired() {
        String blockedAccount = openAccount(uniqueContactId("expiry-blocked"));
        String freeAccount = openAccount(uniqueContactId("expiry-free"));
        Instant blockedValidTo = clock.instant().plus(Duration.ofMinutes(1));
        Api.Response blocked = api().post("/api/v3/point-transactions",
                addition(blockedAccount, "5", blockedValidTo).toString());
        add(freeAccount, "7", blockedValidTo.plus(Duration.ofMinutes(1)));
        // Someone already holds the id of the blocked lot's expiry transaction.
        jdbc.update("insert into transaction_claim (transaction_id, account_id,"
                        + " request_fingerprint, claimed_on) values (?, ?, 'taken', ?)",
                TransactionIds.expiryOf(blocked.json().path("id").asText()), blockedAccount,
                OffsetDateTime.now(ZoneOffset.UTC));
        clock.advance(Duration.ofMinutes(3));

        sweeper.sweepDueLots();

        assertThat(expiriesOf(freeAccount)).hasSize(1);
        assertThat(expiriesOf(blockedAccount)).isEmpty();
        assertThat(balance(blockedAccount)).isEqualByComparingTo("0");
    }

    /**
     * Opens {@link #RACE_ACCOUNTS} accounts, each with {@link #RACE_LOTS} lots that fall due
     * together and one that never expires ({@link #KEPT_POINTS}), and moves the clock past
     * their validTo; answers each account's due lot ids.
     */
    private Map<String, Set<String>> dueLotsOfNewAccounts(String prefix) {
        Instant validTo = clock.instant().plus(Duration.ofMinutes(1));
        List<String> contacts = new ArrayList<>();
        ArrayNode items = JSON.createArrayNode();
        for (int account = 0; account < RACE_ACCOUNTS; account++) {
            contacts.add(uniqueContactId(prefix));
            for (int lot = 0; lot <= RACE_LOTS; lot++) {
                ObjectNode item = items.addObject().put("contactId", contacts.get(account))
                        .put("definitionId", 1).put("source", "Purchase")
                        .put("description", "lot " + lot + " of the sweep race")
                        .put("timeStamp", clock.instant().toString());
                if (lot < RACE_LOTS) {
                    item.put("amount", new BigDecimal(lot + 1 + ".25"))
                            .put("validTo", validTo.toString());
                } else {
                    item.put("amount", new BigDecimal(KEPT_POINTS));
                }
            }
        }
        Api.Response added = api().post("/api/v3/point-accounts/transactions", items.toString());
        assertThat(added.status()).as(added.text()).isEqualTo(202);
        assertThat(added.json().path("accepted").asInt()).isEqualTo(items.size());
        Map<String, Set<String>> lots = new HashMap<>();
        for (String contactId : contacts) {
            String accountId = jdbc.queryForObject("select id from point_account"
                    + " where contact_id = ?", String.class, contactId);
            lots.put(accountId, new HashSet<>(jdbc.queryForList("select lot_id from point_lot"
                    + " where account_id = ? and valid_to is not null", String.class,
                    accountId)));
            assertThat(lots.get(accountId)).hasSize(RACE_LOTS);
        }
        clock.advance(Duration.ofMinutes(2));
        return lots;
    }

    private int sweepAfter(CyclicBarrier together) throws Exception {
        together.await(RACE_SWEEP_MAX_SECONDS, TimeUnit.SECONDS);
        return sweeper.sweepDueLots();
    }

    /** Each lot of each account expired once: one event, one transaction, points gone. */
    private void assertExpiredOnce(Map<String, Set<String>> lots, String context) {
        assertThat(lots).hasSize(RACE_ACCOUNTS);
        lots.forEach((accountId, lotIds) -> {
            String where = context + ", account " + accountId;
            List<JsonNode> expired = events(accountId, "PointsExpired");
            assertThat(expired).as(where).extracting(event -> event.path("payload")
                    .path("lotId").asText()).containsExactlyInAnyOrderElementsOf(lotIds);
            assertThat(expired).as(where).allSatisfy(event -> assertThat(event
                    .path("metadata").path("causedBy").asText()).isEqualTo("expiry-sweeper"));
            List<JsonNode> expiries = expiriesOf(accountId);
            assertThat(expiries).as(where).hasSize(RACE_LOTS)
                    .extracting(expiry -> expiry.path("id").asText()).doesNotHaveDuplicates();
            assertThat(balance(accountId)).as(where).isEqualByComparingTo(KEPT_POINTS);
        });
    }

    /** Due lots with points left, over the whole (shared) database. */
    private int lotsDue() {
        return jdbc.queryForObject("select count(*) from point_lot where points_remaining > 0"
                + " and valid_to <= ?", Integer.class, now());
    }

    private int lotsDueOf(Set<String> accountIds) {
        return accountIds.stream().mapToInt(accountId -> jdbc.queryForObject(
                "select count(*) from point_lot where points_remaining > 0 and valid_to <= ?"
                        + " and account_id = ?", Integer.class, now(), accountId)).sum();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Takes the lot's row lock in this connection's transaction, as a sweeping node does. */
    private static void holdLot(Connection connection, String lotId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "select lot_id from point_lot where lot_id = ? for update")) {
            lock.setString(1, lotId);
            try (ResultSet row = lock.executeQuery()) {
                assertThat(row.next()).as("lot %s locked", lotId).isTrue();
            }
        }
    }

    /** The account's events of this stored type, as the audit API lists them. */
    private List<JsonNode> events(String accountId, String type) {
        Api.Response response = api().get("/api/v3/point-accounts/" + accountId
                + "/events?count=1000");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return StreamSupport.stream(response.json().path("items").spliterator(), false)
                .filter(event -> event.path("type").asText().equals(type)).toList();
    }

    private String openAccount(String contactId) {
        return Accounts.openNew(api(), contactId, 1);
    }

    private void add(String accountId, String amount, Instant validTo) {
        Api.Response response = api().post("/api/v3/point-transactions",
                addition(accountId, amount, validTo).toString());
        assertThat(response.status()).as(response.text()).isEqualTo(201);
    }

    private void deduct(String accountId, String amount) {
        Api.Response response = api().post("/api/v3/point-transactions",
                deduction(accountId, amount));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
    }

    private ObjectNode addition(String accountId, String amount, Instant validTo) {
        ObjectNode body = transaction(accountId, "Addition", amount);
        if (validTo != null) {
            body.put("validTo", validTo.toString());
        }
        return body;
    }

    private String deduction(String accountId, String amount) {
        return transaction(accountId, "Deduction", amount).toString();
    }

    private ObjectNode transaction(String accountId, String type, String amount) {
        ObjectNode body = JSON.createObjectNode();
        body.put("accountId", accountId);
        body.put("transactionId", "tx-" + UUID.randomUUID());
        body.put("transactionType", type);
        body.put("amount", new BigDecimal(amount));
        body.put("description", type + " for the expiry tests");
        body.put("source", type.equals("Addition") ? "Purchase" : "RewardVoucher");
        return body;
    }

    private List<JsonNode> transactions(String accountId) {
        Api.Response response = api().get("/api/v3/point-accounts/transactions?accountId="
                + accountId + "&count=1000");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return StreamSupport.stream(response.json().path("items").spliterator(), false).toList();
    }

    private List<JsonNode> expiriesOf(String accountId) {
        return transactions(accountId).stream()
                .filter(t -> t.path("description").asText().equals(EXPIRY_DESCRIPTION))
                .toList();
    }

    private static JsonNode single(List<JsonNode> nodes) {
        assertThat(nodes).hasSize(1);
        return nodes.get(0);
    }
}
