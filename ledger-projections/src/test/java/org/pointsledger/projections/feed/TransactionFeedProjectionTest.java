package org.pointsledger.projections.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pointsledger.domain.account.PointsAdded;
import org.pointsledger.projections.Events;
import org.pointsledger.projections.ProjectionsDatabase;

/**
 * Drives the change feed's handlers with domain events, no Axon, on a database made by the
 * real migrations: each transaction once, in the order taken, an expiry of no points none.
 */
class TransactionFeedProjectionTest {

    private static final Instant AT = Instant.parse("2024-03-01T10:00:00Z");

    private static ProjectionsDatabase database;
    private static TransactionFeedProjection projection;

    @BeforeAll
    static void migrate() {
        database = ProjectionsDatabase.migrated();
        projection = new TransactionFeedProjection(database.jdbc());
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void eachTransactionOnce_inTheOrderTaken() {
        Events events = new Events();
        PointsAdded added = events.added("add-1", "100", AT, AT.plusSeconds(60));
        projection.on(added);
        projection.on(events.expired("expire-0", "add-1", "0", AT));
        projection.on(events.deducted("deduct-1", "30", "add-1", AT));
        projection.on(added);
        projection.on(events.expired("expire-1", "add-1", "70", AT.plusSeconds(60)));

        assertThat(database.jdbc().queryForList("select transaction_id from"
                        + " point_transaction_feed order by feed_position", String.class))
                .containsExactly(events.id("add-1"), events.id("deduct-1"),
                        events.id("expire-1"));
    }
}
