package org.pointsledger.domain.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How a deduction is spread over the active lots: soonest expiry first, lots that never
 * expire last. {@code shortfall} is what the lots could not cover.
 */
record LotAllocation(List<LotDraw> draws, BigDecimal shortfall) {

    LotAllocation {
        draws = List.copyOf(draws);
        if (shortfall.signum() < 0) {
            throw new IllegalStateException("a shortfall is never negative");
        }
    }

    static LotAllocation draw(Collection<Lot> lots, BigDecimal requested, Instant now) {
        if (requested.signum() <= 0) {
            throw new IllegalArgumentException("a draw takes a positive number of points");
        }
        List<Lot> active = lots.stream()
                .filter(lot -> lot.isActiveAt(now))
                .sorted(Lot.CONSUMPTION_ORDER)
                .toList();
        List<LotDraw> draws = new ArrayList<>();
        BigDecimal left = requested;
        for (Lot lot : active) {
            if (left.signum() == 0) {
                break;
            }
            BigDecimal taken = lot.points().min(left);
            draws.add(new LotDraw(lot.lotId(), taken));
            left = left.subtract(taken);
        }
        LotAllocation allocation = new LotAllocation(draws, left);
        assert allocation.total().compareTo(requested) == 0 : "allocations sum to the request";
        return allocation;
    }

    BigDecimal total() {
        return draws.stream().map(LotDraw::points).reduce(shortfall, BigDecimal::add);
    }
}
