package org.pointsledger.api.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An account's balance as it stood at {@code asOf}, replayed from its events: the fields of the
 * account resource, how many events were folded, and the lots that held points then.
 */
record BalanceResponse(String accountId, Instant asOf, BigDecimal balance,
                       BigDecimal pendingPoints, Instant balanceExpires, long events,
                       List<ReplayedAccount.LotState> lots, boolean lotsTruncated) {
}
