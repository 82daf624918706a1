package org.pointsledger.api.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Instants.instant;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.commands.expiry.ExpirySweeper;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Proves the time rules: pending, active and expired lots, expiry transactions and list order.
 * Invalid list parameters are TransactionsSliceTest's.
 */
class TimeRulesApiTest extends LedgerIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRANSACTIONS = "/api/v3/point-transactions";
    private static final String ALIAS = "/api/v3/point-accounts/transactions";
    private static final Duration MICROSECOND = Duration.ofNanos(1_000);
    private static final ZoneOffset PLUS_TWO = ZoneOffset.ofHours(2);
    private static final DateTimeFormatter SEVEN_DIGITS_PLUS_TWO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSXXX");

    @Autowired
    private ExpirySweeper sweeper;

    @Test
    void add_isPendingUntilValidFrom_thenBecomesBalanceWithoutAnyWrite() {
        String accountId = openAccount("pending");
        Instant validFrom = clock.instant().plus(Duration.ofDays(2));
        add(accountId, "Addition", "80", validFrom, null);
        add(accountId, "Addition", "5", null, null);

        assertPoints(accountId, "5", "80");
        clock.advance(Duration.between(clock.instant(), validFrom).minus(MICROSECOND));
        assertPoints(accountId, "5", "80");
        clock.advance(MICROSECOND);

        assertPoints(accountId, "85", "0");
        assertThat(list(accountId, "").path("totalCount").asLong()).isEqualTo(2);
    }

    @Test
    void deduct_cannotTakePendingPoints_untilTheyBecomeActive() {
        String accountId = openAccount("pending-deduct");
        Instant validFrom = clock.instant().plus(Duration.ofHours(6));
        add(accountId, "Addition", "50", validFrom, null);

        Api.Response early = post(accountId, "Deduction", "10", null, null);

        assertThat(assertProblem(early, 409, "insufficient-points").path("availableBalance")
                .decimalValue()).isZero();
        clock.advance(Duration.between(clock.instant(), validFrom));
        add(accountId, "Deduction", "10", null, null);
        assertPoints(accountId, "40", "0");
    }

    @Test
    void read_answersTheEarliestValidToOfActiveLotsWithPointsLeft_asBalanceExpires() {
        String accountId = openAccount("expires");
        Instant now = clock.instant();
        Instant inTenDays = now.plus(Duration.ofDays(10));
        Instant inFiveDays = now.plus(Duration.ofDays(5));
        Instant pendingFrom = now.plus(Duration.ofDays(1));
        Instant pendingTo = now.plus(Duration.ofDays(2));
        add(accountId, "Addition", "100", null, inTenDays);
        add(accountId, "Addition", "100", null, inFiveDays);
        add(accountId, "Addition", "100", null, null);
        add(accountId, "Addition", "30", pendingFrom, pendingTo);

        assertThat(balanceExpires(accountId)).isEqualTo(inFiveDays);
        add(accountId, "Deduction", "100", null, null);
        assertThat(balanceExpires(accountId)).isEqualTo(inTenDays);

        clock.advance(Duration.between(clock.instant(), pendingFrom));
        assertThat(balanceExpires(accountId)).isEqualTo(pendingTo);
        add(accountId, "Deduction", "130", null, null);
        assertThat(balanceExpires(accountId)).isNull();
        assertPoints(accountId, "100", "0");
    }

    @Test
    void read_dropsExpiredPointsAtValidTo_beforeAnySweep() {
        String accountId = openAccount("drop");
        Instant validTo = clock.instant().plus(Duration.ofDays(1));
        add(accountId, "Addition", "100", null, validTo);
        add(accountId, "Addition", "7", null, null);
        add(accountId, "Deduction", "30", null, null);
        assertPoints(accountId, "77", "0");

        clock.advance(Duration.between(clock.instant(), validTo).minus(MICROSECOND));
        assertPoints(accountId, "77", "0");
        assertThat(balanceExpires(accountId)).isEqualTo(validTo);
        clock.advance(MICROSECOND);

        assertPoints(accountId, "7", "0");
        assertThat(balanceExpires(accountId)).isNull();
        assertThat(list(accountId, "").path("totalCount").asLong()).isEqualTo(3);
        Api.Response refused = post(accountId, "Deduction", "8", null, null);
        assertThat(assertProblem(refused, 409, "insufficient-points").path("availableBalance")
                .decimalValue())
                .isEqualByComparingTo("7");
    }

    @Test
    void read_expiresAValidToWithSevenFractionalDigits_atTheFirstMicrosecondAfterIt() {
        String accountId = openAccount("seven-digits");
        Instant lastActiveMicrosecond = clock.instant().plus(Duration.ofHours(3));
        Instant validTo = lastActiveMicrosecond.plusNanos(400);
        ObjectNode body = body(accountId, "Addition", "25")
                .put("validTo", SEVEN_DIGITS_PLUS_TWO.format(validTo.atOffset(PLUS_TWO)));
        assertThat(api().post(TRANSACTIONS, body.toString()).status()).isEqualTo(201);

        clock.advance(Duration.between(clock.instant(), lastActiveMicrosecond));
        assertPoints(accountId, "25", "0");
        assertThat(balanceExpires(accountId)).isEqualTo(validTo);
        sweeper.sweepDueLots();
        assertThat(expiries(accountId)).isEmpty();
        clock.advance(MICROSECOND);

        assertPoints(accountId, "0", "0");
        sweeper.sweepDueLots();
        List<JsonNode> expiries = expiries(accountId);
        assertThat(expiries).hasSize(1);
        assertThat(expiries.get(0).path("amount").decimalValue()).isEqualByComparingTo("-25");
        assertThat(instant(expiries.get(0), "transactionDate")).isEqualTo(validTo);
    }

    @Test
    void sweep_writesOneExpiryTransactionForWhatWasLeft_andNothingOnTheSecondSweep() {
        String accountId = openAccount("sweep");
        Instant validTo = clock.instant().plus(Duration.ofDays(3));
        String lotId = add(accountId, "Addition", "100", null, validTo).json().path("id")
                .asText();
        add(accountId, "Deduction", "30.25", null, null);
        clock.advance(Duration.between(clock.instant(), validTo).plusSeconds(1));

        sweeper.sweepDueLots();

        List<JsonNode> expiries = expiries(accountId);
        assertThat(expiries).hasSize(1);
        JsonNode expiry = expiries.get(0);
        assertThat(expiry.path("type").asText()).isEqualTo("Deduction");
        assertThat(expiry.path("source").asText()).isEqualTo("Automation");
        assertThat(expiry.path("amount").decimalValue()).isEqualByComparingTo("-69.75");
        assertThat(instant(expiry, "transactionDate")).isEqualTo(validTo);
        assertThat(expiry.path("id").asText()).isNotEqualTo(lotId);
        Api.Response read = api().get(TRANSACTIONS + "/" + expiry.path("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("accountId").asText()).isEqualTo(accountId);
        assertPoints(accountId, "0", "0");
        long total = list(accountId, "").path("totalCount").asLong();
        assertThat(total).isEqualTo(3);

        sweeper.sweepDueLots();

        assertThat(expiries(accountId)).hasSize(1);
        assertThat(list(accountId, "").path("totalCount").asLong()).isEqualTo(total);
        assertPoints(accountId, "0", "0");
    }

    @Test
    void sweep_writesNothing_forALotThatWasUsedUpBeforeItExpired() {
        String accountId = openAccount("used-up");
        Instant validTo = clock.instant().plus(Duration.ofHours(12));
        add(accountId, "Addition", "20", null, validTo);
        add(accountId, "Deduction", "20", null, null);
        clock.advance(Duration.between(clock.instant(), validTo).plusSeconds(1));

        sweeper.sweepDueLots();

        assertThat(expiries(accountId)).isEmpty();
        assertThat(list(accountId, "").path("totalCount").asLong()).isEqualTo(2);
    }

    @Test
    void deduct_consumesTheSoonestExpiringLotFirst_andNeverExpiringLotsLast() {
        String accountId = openAccount("order");
        Instant now = clock.instant();
        Instant late = now.plus(Duration.ofDays(10));
        Instant soon = now.plus(Duration.ofDays(5));
        add(accountId, "Addition", "100", null, null);
        add(accountId, "Addition", "100", null, late);
        add(accountId, "Addition", "100", null, soon);

        add(accountId, "Deduction", "150", null, null);

        clock.advance(Duration.between(clock.instant(), soon).plusSeconds(1));
        sweeper.sweepDueLots();
        assertThat(expiries(accountId)).isEmpty();
        assertPoints(accountId, "150", "0");
        clock.advance(Duration.between(clock.instant(), late).plusSeconds(1));
        sweeper.sweepDueLots();
        List<JsonNode> expiries = expiries(accountId);
        assertThat(expiries).hasSize(1);
        assertThat(expiries.get(0).path("amount").decimalValue()).isEqualByComparingTo("-50");
        assertThat(instant(expiries.get(0), "transactionDate")).isEqualTo(late);
        assertPoints(accountId, "100", "0");
    }

    @Test
    void list_filtersActiveAndPending_caseInsensitively() {
        String accountId = openAccount("filter");
        Instant pendingFrom = clock.instant().plus(Duration.ofDays(2));
        String active = add(accountId, "Addition", "10", null, null).json().path("id").asText();
        String pending = add(accountId, "Addition", "20", pendingFrom, null).json().path("id")
                .asText();

        for (String filter : List.of("Pending", "pending", "PENDING")) {
            assertThat(ids(list(accountId, "&filter=" + filter))).containsExactly(pending);
        }
        for (String filter : List.of("Active", "active", "ACTIVE")) {
            assertThat(ids(list(accountId, "&filter=" + filter))).containsExactly(active);
        }
        assertThat(ids(list(accountId, "&filter=All"))).containsExactlyInAnyOrder(active, pending);
        assertThat(ids(list(accountId, ""))).containsExactlyInAnyOrder(active, pending);
        assertThat(list(accountId, "&filter=pending").path("totalCount").asLong()).isEqualTo(1);

        clock.advance(Duration.between(clock.instant(), pendingFrom));
        assertThat(ids(list(accountId, "&filter=pending"))).isEmpty();
        assertThat(ids(list(accountId, "&filter=active")))
                .containsExactlyInAnyOrder(active, pending);
    }

    @Test
    void list_sortsByTransactionDateOrCreatedOn_inEitherOrder() {
        String accountId = openAccount("sort");
        Instant now = clock.instant();
        String first = addDated(accountId, now.minus(Duration.ofDays(3)));
        clock.advance(Duration.ofSeconds(1));
        String second = addDated(accountId, now.minus(Duration.ofDays(1)));
        clock.advance(Duration.ofSeconds(1));
        String third = addDated(accountId, now.minus(Duration.ofDays(2)));

        assertThat(ids(list(accountId, ""))).containsExactly(second, third, first);
        assertThat(ids(list(accountId, "&sortBy=TransactionDate&sortOrder=Descending")))
                .containsExactly(second, third, first);
        assertThat(ids(list(accountId, "&sortBy=transactiondate&sortOrder=asc")))
                .containsExactly(first, third, second);
        assertThat(ids(list(accountId, "&sortBy=TransactionDate&sortOrder=Ascending")))
                .containsExactly(first, third, second);
        assertThat(ids(list(accountId, "&sortBy=CreatedOn&sortOrder=ASC")))
                .containsExactly(first, second, third);
        assertThat(ids(list(accountId, "&sortBy=CreatedOn&sortOrder=desc")))
                .containsExactly(third, second, first);
        assertThat(ids(list(accountId, "&sortBy=createdon")))
                .containsExactly(third, second, first);
    }

    @Test
    void list_answersTheRequestedPage_withOffsetCountAndTotalCount() {
        String accountId = openAccount("paging");
        Instant now = clock.instant();
        List<String> newestFirst = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            newestFirst.add(addDated(accountId, now.minus(Duration.ofDays(day))));
        }

        JsonNode middle = list(accountId, "&offset=1&count=2");
        JsonNode tail = list(accountId, "&offset=4&count=2");
        JsonNode beyond = list(accountId, "&offset=5");

        assertThat(ids(middle)).containsExactly(newestFirst.get(1), newestFirst.get(2));
        assertThat(middle.path("count").asInt()).isEqualTo(2);
        assertThat(middle.path("offset").asInt()).isEqualTo(1);
        assertThat(middle.path("totalCount").asLong()).isEqualTo(5);
        assertThat(middle.path("links").isArray()).isTrue();
        assertThat(ids(tail)).containsExactly(newestFirst.get(4));
        assertThat(tail.path("count").asInt()).isEqualTo(1);
        assertThat(ids(beyond)).isEmpty();
        assertThat(beyond.path("totalCount").asLong()).isEqualTo(5);
        assertThat(ids(list(accountId, "&count=1000"))).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void list_fails404WithProblem_whenTheAccountIsUnknown() {
        String unknown = UUID.randomUUID().toString();

        assertProblem(listResponse(TRANSACTIONS + "?id=" + unknown), 404, "not-found");
        assertProblem(listResponse(ALIAS + "?accountId=" + unknown), 404, "not-found");
        assertProblem(listResponse(ALIAS + "?contactId=" + uniqueContactId("nobody")
                + "&definitionId=1"), 404, "not-found");
    }

    @Test
    void aliasList_answersTheSamePage_byAccountIdOrByContactIdAndDefinitionId() {
        String contactId = uniqueContactId("alias");
        String accountId = openAccount(contactId, 1);
        String pending = add(accountId, "Addition", "20", clock.instant().plusSeconds(60), null)
                .json().path("id").asText();
        add(accountId, "Addition", "10", null, null);
        String query = "&filter=pending&sortBy=CreatedOn&sortOrder=asc";
        JsonNode main = list(accountId, "");

        JsonNode byAccount = listResponse(ALIAS + "?accountId=" + accountId).json();
        JsonNode byContact = listResponse(ALIAS + "?contactId=" + contactId + "&definitionId=1")
                .json();

        assertThat(byAccount).isEqualTo(main);
        assertThat(byContact).isEqualTo(main);
        assertThat(byContact.path("totalCount").asLong()).isEqualTo(2);
        assertThat(ids(listResponse(ALIAS + "?contactId=" + contactId + "&definitionId=1"
                + query).json())).containsExactly(pending);
    }

    private String openAccount(String prefix) {
        return openAccount(uniqueContactId(prefix), 1);
    }

    private String openAccount(String contactId, int definitionId) {
        return Accounts.open(api(), contactId, definitionId);
    }

    /** Adds one transaction and checks it was stored; dates left null take their defaults. */
    private Api.Response add(String accountId, String type, String amount, Instant validFrom,
                             Instant validTo) {
        Api.Response response = post(accountId, type, amount, validFrom, validTo);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response;
    }

    private Api.Response post(String accountId, String type, String amount, Instant validFrom,
                              Instant validTo) {
        ObjectNode body = body(accountId, type, amount);
        if (validFrom != null) {
            body.put("validFrom", validFrom.toString());
        }
        if (validTo != null) {
            body.put("validTo", validTo.toString());
        }
        return api().post(TRANSACTIONS, body.toString());
    }

    private String addDated(String accountId, Instant transactionDate) {
        ObjectNode body = body(accountId, "Addition", "1")
                .put("transactionDate", transactionDate.toString());
        Api.Response response = api().post(TRANSACTIONS, body.toString());
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().path("id").asText();
    }

    private static ObjectNode body(String accountId, String type, String amount) {
        boolean addition = "Addition".equals(type);
        return JSON.createObjectNode().put("accountId", accountId)
                .put("transactionId", "time-" + UUID.randomUUID()).put("transactionType", type)
                .put("amount", new BigDecimal(amount))
                .put("description", addition ? "@@(Bonus.Points) - Slim Fit T-shirt"
                        : "@@(ConvertedToBonusCheck)")
                .put("source", addition ? "Purchase" : "RewardVoucher");
    }

    private void assertPoints(String accountId, String balance, String pendingPoints) {
        JsonNode account = account(accountId);
        assertThat(account.path("balance").decimalValue()).as("balance")
                .isEqualByComparingTo(balance);
        assertThat(account.path("pendingPoints").decimalValue()).as("pendingPoints")
                .isEqualByComparingTo(pendingPoints);
    }

    private Instant balanceExpires(String accountId) {
        return instant(account(accountId), "balanceExpires");
    }

    private Api.Response listResponse(String path) {
        return api().get(path);
    }

    private JsonNode list(String accountId, String query) {
        Api.Response response = api().get(TRANSACTIONS + "?id=" + accountId + query);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private List<JsonNode> expiries(String accountId) {
        List<JsonNode> expiries = new ArrayList<>();
        for (JsonNode item : list(accountId, "&count=1000").path("items")) {
            if ("@@(RemovedDueToTimeLimit)".equals(item.path("description").asText())) {
                expiries.add(item);
            }
        }
        return expiries;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }
}
