package org.pointsledger.api.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.pointsledger.api.problems.RequestValidation;

/** Timestamps from the wire: any ISO-8601 offset in, the exact instant inside. */
public final class WireTimes {

    public static final int YEAR_MIN = 1970;
    public static final int YEAR_MAX = 9999;

    private WireTimes() {
    }

    /**
     * The exact instant, or null; a year outside 1970..9999 is a problem of the field. It is
     * never truncated: the read models keep sub-microsecond digits (see SqlTimes).
     */
    public static Instant instant(OffsetDateTime value, String field,
                                  RequestValidation validation) {
        if (value == null) {
            return null;
        }
        // Far-off years are refused before any conversion, which could overflow past them.
        boolean nearTheRange = value.getYear() >= YEAR_MIN - 1 && value.getYear() <= YEAR_MAX + 1;
        int year = nearTheRange ? value.withOffsetSameInstant(ZoneOffset.UTC).getYear()
                : value.getYear();
        validation.require(year >= YEAR_MIN && year <= YEAR_MAX, field,
                "must be in the years " + YEAR_MIN + " to " + YEAR_MAX);
        return value.toInstant();
    }
}
