package org.pointsledger.api.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.pointsledger.api.support.Problems.assertProblem;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.TestDatabase;
import org.pointsledger.eventstore.EventTable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves a write that loses its append race every time is retried 15 times inside the service,
 * then answered 503 busy with Retry-After: 1, with nothing applied, and can be sent again.
 */
class AppendRaceExhaustedTest extends LedgerIntegrationTest {

    /** README, Reliability and Errors: "up to 15 times"; the first attempt comes on top. */
    private static final int APPEND_ATTEMPTS = 1 + 15;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void write_answers503BusyAndAppliesNothing_whenEveryAppendLosesTheRace() {
        assumeTrue(TestDatabase.isPostgres(), "AppendRaceExhaustedTest makes every append of"
                + " one account fail as a lost race with a PostgreSQL trigger: set"
                + " LEDGER_TEST_DB_URL (CI does)");
        String accountId = Accounts.open(api(), uniqueContactId("busy"));
        Api.Response funded = api().post("/api/v3/point-transactions", Accounts.transaction(
                accountId, "busy-fund-" + UUID.randomUUID(), "Addition", "10", "funding",
                Instant.parse("2024-01-01T00:00:00Z")));
        assertThat(funded.status()).as(funded.text()).isEqualTo(201);
        long eventsBefore = eventCount(accountId);
        String transactionId = "busy-" + UUID.randomUUID();
        String deduction = Accounts.transaction(accountId, transactionId, "Deduction", "1",
                "lost every race", Instant.parse("2024-01-02T00:00:00Z"));

        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Api.Response busy;
        long attempts;
        loseEveryAppendOf(accountId, suffix);
        try {
            busy = api().post("/api/v3/point-transactions", deduction);
            attempts = new EventTable(jdbc).lostAppends(suffix);
        } finally {
            winAgain(suffix);
        }

        assertProblem(busy, 503, "busy");
        assertThat(busy.header("Retry-After")).isEqualTo("1");
        assertThat(attempts).as("appends tried").isEqualTo(APPEND_ATTEMPTS);
        assertThat(eventCount(accountId)).as("events after the 503").isEqualTo(eventsBefore);
        assertThat(jdbc.queryForObject("select count(*) from point_transaction where id = ?",
                Long.class, transactionId)).as("transaction rows").isZero();
        assertThat(jdbc.queryForObject("select count(*) from transaction_claim where"
                + " transaction_id = ?", Long.class, transactionId)).as("claims").isZero();
        assertThat(balance(accountId)).isEqualByComparingTo("10");

        Api.Response again = api().post("/api/v3/point-transactions", deduction);
        assertThat(again.status()).as("sent again: a first application " + again.text())
                .isEqualTo(201);
        assertThat(balance(accountId)).isEqualByComparingTo("9");
    }

    /**
     * From now on every event appended to this account fails as if another node had appended
     * first: the unique-key violation a lost race raises. A sequence, which a rollback does not
     * undo, counts the attempts.
     */
    private void loseEveryAppendOf(String accountId, String suffix) {
        new EventTable(jdbc).loseEveryAppendOf(accountId, suffix);
    }

    private void winAgain(String suffix) {
        new EventTable(jdbc).stopLosingAppends(suffix);
    }
}
