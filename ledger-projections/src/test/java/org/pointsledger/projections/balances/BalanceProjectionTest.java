package org.pointsledger.projections.balances;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pointsledger.projections.Events;
import org.pointsledger.projections.ProjectionsDatabase;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drives the balances' handlers with domain events, no Axon, and reads the account and lot
 * rows and the balance back through AccountQueries, on a database made by the real migrations.
 */
class BalanceProjectionTest {

    private static final Instant OPENED = Instant.parse("2024-03-01T10:00:00Z");
    private static final Instant EXPIRES = OPENED.plus(Duration.ofDays(1));
    private static final Instant LATER = OPENED.plus(Duration.ofDays(2));

    private static ProjectionsDatabase database;
    private static BalanceProjection projection;
    private static AccountQueries accounts;

    @BeforeAll
    static void migrate() {
        database = ProjectionsDatabase.migrated();
        projection = new BalanceProjection(database.writes());
        accounts = new AccountQueries(database.jdbc());
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void openedAddedDeductedExpired_leaveTheRowsAndTheBalanceTheQueriesAnswer() {
        Events events = new Events();
        applyAll(events);

        String id = events.accountId().toString();
        AccountView account = accounts.byId(id, LATER).orElseThrow();
        assertThat(account.contactId()).isEqualTo(events.contactId());
        assertThat(account.definitionId()).isEqualTo(Events.DEFINITION_ID);
        assertThat(account.balance()).isEqualByComparingTo("70");
        assertThat(account.pendingPoints()).isEqualByComparingTo("0");
        assertThat(account.balanceExpires()).isNull();
        assertThat(accounts.overdraftOf(id)).hasValueSatisfying(overdraft ->
                assertThat(overdraft).isEqualByComparingTo("0"));
        Map<String, LotView> lots = accounts.lotsOf(id);
        assertThat(lots).containsOnlyKeys(events.id("add-1"), events.id("add-2"));
        assertThat(lots.get(events.id("add-1")).pointsRemaining()).isEqualByComparingTo("70");
        assertThat(lots.get(events.id("add-2")).pointsRemaining()).isEqualByComparingTo("0");
        assertThat(lots.get(events.id("add-2")).validTo()).isEqualTo(EXPIRES);
    }

    @Test
    void beforeTheExpiry_theBalanceCountsTheLotStillActive_andItsExpiry() {
        Events events = new Events();
        projection.on(events.opened(OPENED));
        projection.on(events.added("add-1", "100", OPENED, null));
        projection.on(events.added("add-2", "50", OPENED, EXPIRES));

        AccountView account = accounts.byId(events.accountId().toString(),
                OPENED.plusSeconds(60)).orElseThrow();
        assertThat(account.balance()).isEqualByComparingTo("150");
        assertThat(account.balanceExpires()).isEqualTo(EXPIRES);
    }

    @Test
    void inOneTransaction_theBatchedWritesLeaveTheSameRows() {
        Events events = new Events();
        new TransactionTemplate(database.transactionManager())
                .executeWithoutResult(status -> applyAll(events));

        AccountView account = accounts.byId(events.accountId().toString(), LATER).orElseThrow();
        assertThat(account.balance()).isEqualByComparingTo("70");
        assertThat(accounts.lotsOf(events.accountId().toString()).get(events.id("add-2"))
                .pointsRemaining()).isEqualByComparingTo("0");
    }

    @Test
    void anUnknownAccount_isNotFound() {
        assertThat(accounts.byId(new Events().accountId().toString(), LATER)).isEmpty();
        assertThat(accounts.exists(new Events().accountId().toString())).isFalse();
    }

    private static void applyAll(Events events) {
        projection.on(events.opened(OPENED));
        projection.on(events.added("add-1", "100", OPENED, null));
        projection.on(events.added("add-2", "50", OPENED, EXPIRES));
        projection.on(events.deducted("deduct-1", "30", "add-1", OPENED.plusSeconds(60)));
        projection.on(events.expired("expire-1", "add-2", "50", EXPIRES));
    }
}
