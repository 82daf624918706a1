package org.pointsledger.api.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Days of the daily totals that belong to one test: far in the past, never handed out twice in
 * this JVM, and with no totals in the test database yet (as another run may have left).
 */
public final class Days {

    private static final LocalDate FIRST = LocalDate.of(1975, 1, 1);
    private static final int RANGE_DAYS = 9000;
    private static final int ATTEMPTS_MAX = 100;
    private static final Set<LocalDate> HANDED_OUT = new HashSet<>();

    private Days() {
    }

    /** The first of {@code count} consecutive days that are this test's alone. */
    public static synchronized LocalDate unused(int count) {
        for (int attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
            LocalDate first = FIRST.plusDays(ThreadLocalRandom.current()
                    .nextInt(RANGE_DAYS - count));
            LocalDate end = first.plusDays(count);
            if (first.datesUntil(end).noneMatch(HANDED_OUT::contains) && noTotals(first, end)) {
                first.datesUntil(end).forEach(HANDED_OUT::add);
                return first;
            }
        }
        throw new AssertionError("no " + count + " unused days in " + ATTEMPTS_MAX + " draws");
    }

    private static boolean noTotals(LocalDate first, LocalDate end) {
        try (Connection connection = DriverManager.getConnection(TestDatabase.url(),
                TestDatabase.user(), TestDatabase.password());
             PreparedStatement query = connection.prepareStatement("select count(*) from"
                     + " points_daily where utc_day >= ? and utc_day < ?")) {
            query.setObject(1, first);
            query.setObject(2, end);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1) == 0;
            }
        } catch (SQLException e) {
            throw new AssertionError("the daily totals could not be read", e);
        }
    }
}
