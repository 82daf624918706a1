package org.pointsledger.api.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.pointsledger.api.problems.RequestValidation;

/** Timestamps from the wire: any ISO-8601 offset in, instants to the microsecond inside. */
public final class WireTimes {

    public static final int YEAR_MIN = 1970;
    public static final int YEAR_MAX = 9999;

    private WireTimes() {
    }

    /**
     * The instant, truncated to microseconds (what PostgreSQL keeps), or null; a year outside
     * 1970..9999 is a problem of the field.
     */
    public static Instant instant(OffsetDateTime value, String field,
                                  RequestValidation validation) {
        if (value == null) {
            return null;
        }
        int year = value.withOffsetSameInstant(ZoneOffset.UTC).getYear();
        validation.require(year >= YEAR_MIN && year <= YEAR_MAX, field,
                "must be in the years " + YEAR_MIN + " to " + YEAR_MAX);
        return value.toInstant().truncatedTo(ChronoUnit.MICROS);
    }
}
