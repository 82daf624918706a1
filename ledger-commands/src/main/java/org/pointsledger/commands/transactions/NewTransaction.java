package org.pointsledger.commands.transactions;

import java.math.BigDecimal;
import java.time.Instant;
import org.pointsledger.commands.definitions.Definition;
import org.pointsledger.domain.account.TransactionDetails;
import org.pointsledger.domain.account.TransactionType;

/**
 * One transaction to add to an account, already checked for form by the edge that received it.
 *
 * @param accountId the account's id in its canonical form
 * @param amount signed as it affects the balance
 * @param transactionDate and {@code validFrom}: with their defaults applied
 * @param validTo as requested; null takes the definition's default validity
 * @param requestFingerprint tells a repeat of the request from another under the same id
 */
public record NewTransaction(String accountId, String transactionId, TransactionType type,
                             BigDecimal amount, String source, String description,
                             Instant transactionDate, Instant validFrom, Instant validTo,
                             String retailTransactionLineItemId, String requestFingerprint) {

    /** The details the account records, with the definition's default validity applied. */
    TransactionDetails details(Definition definition) {
        return new TransactionDetails(transactionId, type, amount, source, description,
                transactionDate, validFrom, definition.validTo(validTo, validFrom, amount),
                retailTransactionLineItemId, requestFingerprint);
    }
}
