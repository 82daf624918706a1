package org.pointsledger.projections.balances;

import java.math.BigDecimal;
import java.time.Instant;

/** A point account as the v3 API shows it, computed at the moment of the read. */
public record AccountView(String id, String contactId, int definitionId, BigDecimal balance,
                          BigDecimal pendingPoints, Instant balanceExpires) {
}
