package org.pointsledger.projections.dailytotals;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pointsledger.domain.account.PointsAdded;
import org.pointsledger.projections.Events;
import org.pointsledger.projections.ProjectionsDatabase;

/**
 * Drives the daily totals' handlers with domain events and their identifiers, no Axon, on a
 * database made by the real migrations: totals per UTC day and definition, each event once.
 */
class DailyTotalsProjectionTest {

    private static final int DEFINITION_ID = Events.DEFINITION_ID;

    private static ProjectionsDatabase database;
    private static DailyTotalsProjection projection;

    @BeforeAll
    static void migrate() {
        database = ProjectionsDatabase.migrated();
        projection = new DailyTotalsProjection(database.jdbc(), database.transactionManager(),
                3, Duration.ofMillis(1), Duration.ofMillis(1));
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void additionsDeductionsAndExpiries_addUpPerUtcDay_andAnEventDeliveredAgainCountsOnce() {
        Instant day = Instant.parse("2031-05-01T23:30:00Z");
        Instant nextDay = Instant.parse("2031-05-02T00:30:00Z");
        Events events = new Events();
        PointsAdded added = events.added("add-1", "100", day, null);
        projection.on(events.opened(day), "opened-" + events.id("e"));
        projection.on(added, "added-" + events.id("e"));
        projection.on(added, "added-" + events.id("e"));
        projection.on(events.deducted("deduct-1", "30", "add-1", day),
                "deducted-" + events.id("e"));
        projection.on(events.added("add-2", "50", nextDay, nextDay.plusSeconds(60)),
                "added-2-" + events.id("e"));
        projection.on(events.expired("expire-1", "add-2", "50", nextDay.plusSeconds(60)),
                "expired-" + events.id("e"));
        projection.on(events.expired("expire-2", "add-1", "0", nextDay.plusSeconds(60)),
                "expired-2-" + events.id("e"));

        Map<String, Object> first = totalsOf(LocalDate.parse("2031-05-01"));
        assertThat((BigDecimal) first.get("added")).isEqualByComparingTo("100");
        assertThat((BigDecimal) first.get("deducted")).isEqualByComparingTo("30");
        assertThat((BigDecimal) first.get("expired")).isEqualByComparingTo("0");
        assertThat((BigDecimal) first.get("net")).isEqualByComparingTo("70");
        assertThat(((Number) first.get("transactions")).longValue()).isEqualTo(2);
        Map<String, Object> second = totalsOf(LocalDate.parse("2031-05-02"));
        assertThat((BigDecimal) second.get("added")).isEqualByComparingTo("50");
        assertThat((BigDecimal) second.get("expired")).isEqualByComparingTo("50");
        assertThat((BigDecimal) second.get("net")).isEqualByComparingTo("0");
        assertThat(((Number) second.get("transactions")).longValue()).isEqualTo(2);
    }

    private static Map<String, Object> totalsOf(LocalDate day) {
        return database.jdbc().queryForMap("select added, deducted, expired, net, transactions"
                + " from points_daily where utc_day = ? and definition_id = ?",
                Date.valueOf(day), DEFINITION_ID);
    }
}
