package org.pointsledger.projections.transactions;

import java.math.BigDecimal;
import java.time.Instant;

/** A point transaction as the v3 API shows it. */
public record TransactionView(String id, String accountId, BigDecimal amount, String type,
                              String source, String description, Instant transactionDate,
                              Instant createdOn, Instant modifiedOn, Instant validFrom,
                              Instant validTo, String retailTransactionLineItemId) {
}
