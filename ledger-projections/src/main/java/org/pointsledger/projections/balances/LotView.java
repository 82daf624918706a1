package org.pointsledger.projections.balances;

import java.math.BigDecimal;
import java.time.Instant;

/** A lot row as the read model holds it: the points left and when it expires (null: never). */
public record LotView(String lotId, BigDecimal pointsRemaining, Instant validTo) {
}
