package org.pointsledger.domain.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * Points from one addition, with what is left of them and when they count: pending before
 * {@code validFrom}, active from then until {@code validTo}, expired from {@code validTo} on.
 * A null {@code validTo} never expires.
 */
public record Lot(String lotId, BigDecimal points, Instant validFrom, Instant validTo) {

    /** Soonest expiry first, lots that never expire last; ties broken so the order is total. */
    static final Comparator<Lot> CONSUMPTION_ORDER = Comparator
            .comparing(Lot::validTo, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Lot::validFrom)
            .thenComparing(Lot::lotId);

    public Lot {
        Objects.requireNonNull(lotId, "lotId");
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(validFrom, "validFrom");
        if (points.signum() < 0) {
            throw new IllegalStateException("a lot's points are never negative: " + lotId);
        }
    }

    public boolean isPendingAt(Instant now) {
        return validFrom.isAfter(now);
    }

    public boolean isExpiredAt(Instant now) {
        return validTo != null && !validTo.isAfter(now);
    }

    public boolean isActiveAt(Instant now) {
        return !isPendingAt(now) && !isExpiredAt(now);
    }

    Lot withPoints(BigDecimal remaining) {
        return new Lot(lotId, remaining, validFrom, validTo);
    }
}
