package org.pointsledger.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.EventStoreReplay;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.commands.expiry.ExpirySweeper;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Proves the replay comparison judges the service's decisions, not only its projections: a
 * history of lots with different expiries, deductions across them and expiries equals the
 * independent model to the lot.
 */
class IndependentReplayTest extends LedgerIntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private ExpirySweeper sweeper;

    @Test
    void eventsBalanceAndReadModelsEqualTheIndependentModel_afterDrawsAcrossLotsAndExpiries()
            throws Exception {
        String contactId = uniqueContactId("independent-replay");
        String accountId = Accounts.open(api(), contactId);
        Instant now = clock.instant();
        add(accountId, contactId + "-late", "100", now, now.plus(Duration.ofDays(30)));
        add(accountId, contactId + "-soon", "40", now, now.plus(Duration.ofDays(1)));
        add(accountId, contactId + "-never", "25", now, null);
        add(accountId, contactId + "-past", "5", now.minus(Duration.ofDays(2)),
                now.minus(Duration.ofDays(1)));
        deduct(accountId, contactId + "-first", "50");
        clock.advance(Duration.ofDays(31));
        sweeper.sweepDueLots();
        deduct(accountId, contactId + "-second", "10");

        Api.Response account = api().get("/api/v3/point-accounts/" + accountId);
        BigDecimal balance = account.json().path("balance").decimalValue();
        assertThat(balance).as("balance: 25 never-expiring points less 10").isEqualByComparingTo(
                "15");
        try (Connection connection = dataSource.getConnection()) {
            assertThat(EventStoreReplay.differences(connection, accountId, clock.instant(),
                    balance)).as("differences from the replay and the independent model")
                    .isEmpty();
        }
    }

    private void add(String accountId, String transactionId, String amount, Instant validFrom,
                     Instant validTo) {
        Api.Response added = api().post("/api/v3/point-transactions", "{\"accountId\":\""
                + accountId + "\",\"transactionId\":\"" + transactionId
                + "\",\"transactionType\":\"Addition\",\"amount\":" + amount
                + ",\"description\":\"lot\",\"source\":\"Purchase\",\"validFrom\":\"" + validFrom
                + "\"" + (validTo == null ? "" : ",\"validTo\":\"" + validTo + "\"") + "}");
        assertThat(added.status()).as(added.text()).isEqualTo(201);
    }

    private void deduct(String accountId, String transactionId, String amount) {
        Api.Response deducted = api().post("/api/v3/point-transactions",
                Accounts.transaction(accountId, transactionId, "Deduction", amount, "voucher",
                        clock.instant()));
        assertThat(deducted.status()).as(deducted.text()).isEqualTo(201);
    }
}
