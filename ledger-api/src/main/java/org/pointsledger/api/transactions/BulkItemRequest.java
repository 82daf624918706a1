package org.pointsledger.api.transactions;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One item of POST /point-accounts/transactions, as the points API documents it. */
record BulkItemRequest(String contactId, Integer definitionId, BigDecimal amount,
                       OffsetDateTime timeStamp, String source, String description,
                       OffsetDateTime validFrom, OffsetDateTime validTo, String transactionId,
                       String retailTransactionLineItemId) {
}
