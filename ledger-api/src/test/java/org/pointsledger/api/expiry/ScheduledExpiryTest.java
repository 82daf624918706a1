package org.pointsledger.api.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Instants.instant;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.Await;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.OtherNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** Proves the scheduler alone writes a due lot's expiry in bounded time, even after a race. */
// The short sweep interval makes a Spring context of its own; it is closed after the class so
// that its sweeper stops working on the database that the other test classes share.
@TestPropertySource(properties = "ledger.expiry.sweep-interval=200ms")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ScheduledExpiryTest extends LedgerIntegrationTest {

    private static final Duration EXPIRY_WAIT_MAX = Duration.ofSeconds(10);

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Cache pointAccountCache;

    @Test
    void scheduler_writesTheExpiryWithoutACall_whenALotBecomesDue() {
        String accountId = Accounts.open(api(), uniqueContactId("scheduled-expiry"));
        Instant validTo = addLotExpiringSoon(accountId);
        assertThat(expiryOf(accountId)).as("not due yet, so not expired at add time").isNull();

        clock.advance(Duration.ofSeconds(2));

        JsonNode expiry = awaitExpiryOf(accountId);
        assertThat(expiry.path("amount").decimalValue()).isEqualByComparingTo("-12.5");
        assertThat(expiry.path("source").asText()).isEqualTo("Automation");
        assertThat(instant(expiry, "transactionDate"))
                .isEqualTo(validTo);
    }

    /**
     * Two nodes share one database: when another node appended to the account after this
     * node cached it, the sweep must reload it from the store and still write the expiry.
     */
    @Test
    void scheduler_stillWritesTheExpiry_whenAnotherNodeAppendedToTheAccountFirst() {
        String contactId = uniqueContactId("scheduled-expiry-race");
        String accountId = Accounts.open(api(), contactId);
        addLotExpiringSoon(accountId);
        Object cachedHere = Accounts.holdCached(api(), pointAccountCache, contactId, accountId);
        OtherNode.appendCopyOfLastEvent(jdbc, accountId);

        clock.advance(Duration.ofSeconds(2));

        JsonNode expiry = awaitExpiryOf(accountId);
        assertThat(expiry.path("amount").decimalValue()).isEqualByComparingTo("-12.5");
        Reference.reachabilityFence(cachedHere);
    }

    /** Adds 12.5 points valid for one more second of the test clock; answers their validTo. */
    private Instant addLotExpiringSoon(String accountId) {
        Instant validTo = clock.instant().plus(Duration.ofSeconds(1));
        Api.Response added = api().post("/api/v3/point-transactions", """
                {"accountId": "%s", "transactionId": "tx-%s", "transactionType": "Addition",
                 "amount": 12.5, "description": "Gilded gauntlets", "source": "Purchase",
                 "validTo": "%s"}""".formatted(accountId, UUID.randomUUID(), validTo));
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        return validTo;
    }

    private JsonNode awaitExpiryOf(String accountId) {
        return Await.value("the expiry of " + accountId, EXPIRY_WAIT_MAX,
                () -> expiryOf(accountId));
    }

    private JsonNode expiryOf(String accountId) {
        Api.Response page = api().get("/api/v3/point-accounts/transactions?accountId="
                + accountId);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        return StreamSupport.stream(page.json().path("items").spliterator(), false)
                .filter(t -> t.path("description").asText()
                        .equals(ExpirySweeperTest.EXPIRY_DESCRIPTION))
                .findFirst().orElse(null);
    }
}
