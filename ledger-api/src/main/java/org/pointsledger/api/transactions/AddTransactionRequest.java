package org.pointsledger.api.transactions;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** The body of POST /point-transactions, as the points API documents it. */
record AddTransactionRequest(String accountId, String transactionId, String transactionType,
                             BigDecimal amount, String description, String source,
                             OffsetDateTime transactionDate, OffsetDateTime validFrom,
                             OffsetDateTime validTo, String retailTransactionLineItemId) {
}
