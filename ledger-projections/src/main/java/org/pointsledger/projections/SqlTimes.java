package org.pointsledger.projections;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants to and from {@code timestamp with time zone} columns, the same on PostgreSQL and H2.
 *
 * <p>Those columns keep microseconds, but a client may send up to nine fractional digits and
 * must get back the same instant. A client's instant is therefore stored as two columns: the
 * instant rounded up to the microsecond, and {@code <column>_nanos_before}, how many
 * nanoseconds (0 to 999) the exact instant lies before it. Rounding up keeps every comparison
 * with the ledger's clock, which ticks in microseconds, exactly as the aggregate decides it:
 * for such a "now", {@code t <= now} holds exactly when {@code ceiling(t) <= now}.
 */
public final class SqlTimes {

    private static final long NANOS_PER_MICROSECOND = 1_000;

    private SqlTimes() {
    }

    public static OffsetDateTime toSql(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The instant rounded up to the microsecond, for a column paired with its nanos before. */
    public static OffsetDateTime toSqlCeiling(Instant instant) {
        if (instant == null) {
            return null;
        }
        Instant floor = instant.truncatedTo(ChronoUnit.MICROS);
        return toSql(floor.equals(instant) ? floor : floor.plusNanos(NANOS_PER_MICROSECOND));
    }

    /** How many nanoseconds the instant lies before {@link #toSqlCeiling(Instant)} of it. */
    public static int nanosBeforeCeiling(Instant instant) {
        if (instant == null) {
            return 0;
        }
        return (int) Duration.between(instant, toSqlCeiling(instant).toInstant()).toNanos();
    }

    /** The exact instant of a column written with {@link #toSqlCeiling(Instant)}. */
    public static Instant exactInstant(ResultSet row, String column) throws SQLException {
        Instant ceiling = instant(row, column);
        return ceiling == null ? null : ceiling.minusNanos(row.getInt(column + "_nanos_before"));
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
