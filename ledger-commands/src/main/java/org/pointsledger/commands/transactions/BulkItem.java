package org.pointsledger.commands.transactions;

import java.util.ArrayList;
import java.util.List;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.TransactionDetails;

/**
 * One item of a bulk request and what became of it: refused with its reasons, or accepted
 * (written, or a repeat of a transaction already written). The edge that received the request
 * checks each item's form and makes it; {@link BulkWriter} settles the rest.
 */
public final class BulkItem {

    private final List<String> errors = new ArrayList<>();
    private final AccountId accountId;
    private final String contactId;
    private final int definitionId;
    private final boolean allowNegativeBalance;
    /** Null once the item needs no writing: refused before it was sent, or a repeat. */
    private TransactionDetails details;

    private BulkItem(AccountId accountId, String contactId, int definitionId,
                     boolean allowNegativeBalance, TransactionDetails details) {
        this.accountId = accountId;
        this.contactId = contactId;
        this.definitionId = definitionId;
        this.allowNegativeBalance = allowNegativeBalance;
        this.details = details;
    }

    /** An item that passed its checks, to be written to the account of its contact. */
    public static BulkItem of(String contactId, int definitionId, boolean allowNegativeBalance,
                              TransactionDetails details) {
        return new BulkItem(AccountId.of(contactId, definitionId), contactId, definitionId,
                allowNegativeBalance, details);
    }

    /** An item refused before it could be written. */
    public static BulkItem refused(List<String> errors) {
        BulkItem item = new BulkItem(null, null, 0, false, null);
        item.errors.addAll(errors);
        return item;
    }

    /** Why the item was refused; empty when it was accepted. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    boolean pending() {
        return errors.isEmpty() && details != null;
    }

    void refuse(String reason) {
        errors.add(reason);
    }

    void clearErrors() {
        errors.clear();
    }

    /** The item repeats a transaction already written: accepted, with no second effect. */
    void settleAsRepeat() {
        details = null;
    }

    AccountId accountId() {
        return accountId;
    }

    String contactId() {
        return contactId;
    }

    int definitionId() {
        return definitionId;
    }

    boolean allowNegativeBalance() {
        return allowNegativeBalance;
    }

    TransactionDetails details() {
        return details;
    }

    String transactionId() {
        return details.transactionId();
    }

    TransactionIdempotency.Use use() {
        return new TransactionIdempotency.Use(details.transactionId(), accountId.toString(),
                details.requestFingerprint());
    }
}
