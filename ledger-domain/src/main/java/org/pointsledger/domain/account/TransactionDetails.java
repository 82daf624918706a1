package org.pointsledger.domain.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A point transaction as the client asked for it, with defaults already resolved.
 *
 * <p>{@code amount} is signed as it affects the balance. {@code requestFingerprint} is the
 * SHA-256 of the request content as the client sent it; a repeat of the same
 * {@code transactionId} is "the same transaction" exactly when its fingerprint matches.
 */
public record TransactionDetails(
        String transactionId,
        TransactionType type,
        BigDecimal amount,
        String source,
        String description,
        Instant transactionDate,
        Instant validFrom,
        Instant validTo,
        String retailTransactionLineItemId,
        String requestFingerprint) {

    public TransactionDetails {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(transactionDate, "transactionDate");
        Objects.requireNonNull(validFrom, "validFrom");
    }
}
