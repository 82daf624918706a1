package org.pointsledger.projections.dailytotals;

import java.util.List;

/**
 * The tables of the daily totals (V6__daily_totals_and_dead_letters.sql). Not part of a
 * rebuild: the daily totals follow the event store with their own token.
 */
public final class DailyTotalsTables {

    public static final List<String> ALL = List.of("points_daily", "points_daily_account",
            "points_daily_applied_event");

    private DailyTotalsTables() {
    }
}
