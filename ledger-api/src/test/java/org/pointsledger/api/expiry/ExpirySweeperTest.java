package org.pointsledger.api.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.commands.expiry.ExpirySweeper;
import org.pointsledger.domain.account.TransactionIds;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Proves the sweeper writes each due lot's expiry once, for what is left of the lot only. */
class ExpirySweeperTest extends LedgerIntegrationTest {

    static final String EXPIRY_DESCRIPTION = "@@(RemovedDueToTimeLimit)";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private ExpirySweeper sweeper;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void sweep_expiresADueLotOnce_andARepeatedOrConcurrentSweepChangesNothing() throws Exception {
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
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> first = nodes.submit(sweeper::sweepDueLots);
            Future<Integer> second = nodes.submit(sweeper::sweepDueLots);
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            nodes.shutdownNow();
        }
        sweeper.sweepDueLots();

        assertThat(expired).isPositive();
        JsonNode expiry = single(expiriesOf(accountId));
        assertThat(expiry.path("type").asText()).isEqualTo("Deduction");
        assertThat(expiry.path("source").asText()).isEqualTo("Automation");
        assertThat(expiry.path("amount").decimalValue()).isEqualByComparingTo("-100");
        assertThat(instant(expiry, "transactionDate")).isEqualTo(validTo);
        assertThat(balance(accountId)).isEqualByComparingTo("5");
        assertThat(transactions(accountId)).hasSize(3);
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

    private String openAccount(String contactId) {
        Api.Response response = api().post("/api/v3/point-accounts",
                "{\"contactId\":\"" + contactId + "\",\"definitionId\":1}");
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().path("id").asText();
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

    private BigDecimal balance(String accountId) {
        Api.Response response = api().get("/api/v3/point-accounts/" + accountId);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json().path("balance").decimalValue();
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

    private static Instant instant(JsonNode node, String field) {
        return OffsetDateTime.parse(node.path(field).asText()).toInstant();
    }
}
