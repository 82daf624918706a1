package org.pointsledger.projections.balances;

import java.time.Instant;

/** A lot that reached its validTo with points left: its expiry transaction is due. */
public record DueLot(String accountId, String lotId, Instant validTo) {
}
