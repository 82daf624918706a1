package org.pointsledger.projections.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pointsledger.domain.account.PointsExpired;
import org.pointsledger.projections.Events;
import org.pointsledger.projections.ProjectionsDatabase;

/**
 * Drives the transaction table's handlers with domain events, no Axon, and reads the rows back
 * through TransactionQueries, on a database made by the real migrations.
 */
class TransactionProjectionTest {

    private static final Instant AT = Instant.parse("2024-03-01T10:00:00.123456Z");
    private static final Instant EXPIRES = AT.plus(Duration.ofDays(1));

    private static ProjectionsDatabase database;
    private static TransactionProjection projection;
    private static TransactionQueries transactions;

    @BeforeAll
    static void migrate() {
        database = ProjectionsDatabase.migrated();
        projection = new TransactionProjection(database.writes());
        transactions = new TransactionQueries(database.jdbc());
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void anAdditionAndADeduction_areRowsAsTheClientSentThem() {
        Events events = new Events();
        projection.on(events.added("add-1", "100", AT, EXPIRES));
        projection.on(events.deducted("deduct-1", "30", "add-1", AT.plusSeconds(60)));

        TransactionView added = transactions.byId(events.id("add-1")).orElseThrow();
        assertThat(added.accountId()).isEqualTo(events.accountId().toString());
        assertThat(added.amount()).isEqualByComparingTo("100");
        assertThat(added.type()).isEqualTo("Addition");
        assertThat(added.source()).isEqualTo("Purchase");
        assertThat(added.description()).isEqualTo("bought");
        assertThat(added.transactionDate()).isEqualTo(AT);
        assertThat(added.validFrom()).isEqualTo(AT);
        assertThat(added.validTo()).isEqualTo(EXPIRES);
        assertThat(added.createdOn()).isEqualTo(AT);
        TransactionView deducted = transactions.byId(events.id("deduct-1")).orElseThrow();
        assertThat(deducted.amount()).isEqualByComparingTo("-30");
        assertThat(deducted.type()).isEqualTo("Deduction");
        assertThat(transactions.amountsOf(events.accountId().toString()))
                .containsOnlyKeys(events.id("add-1"), events.id("deduct-1"));
    }

    @Test
    void anExpiry_isADeductionByAutomation_datedWhenTheLotExpired() {
        Events events = new Events();
        projection.on(events.added("add-1", "50", AT, EXPIRES));
        projection.on(events.expired("expire-1", "add-1", "50", EXPIRES));

        TransactionView expiry = transactions.byId(events.id("expire-1")).orElseThrow();
        assertThat(expiry.amount()).isEqualByComparingTo("-50");
        assertThat(expiry.type()).isEqualTo("Deduction");
        assertThat(expiry.source()).isEqualTo(PointsExpired.SOURCE);
        assertThat(expiry.description()).isEqualTo(PointsExpired.DESCRIPTION);
        assertThat(expiry.transactionDate()).isEqualTo(EXPIRES);
        assertThat(expiry.validFrom()).isEqualTo(EXPIRES);
        assertThat(expiry.validTo()).isNull();
    }

    @Test
    void anExpiryThatRemovedNoPoints_isNoTransaction() {
        Events events = new Events();
        projection.on(events.expired("expire-1", "add-1", "0", EXPIRES));

        assertThat(transactions.byId(events.id("expire-1"))).isEmpty();
    }
}
