package org.pointsledger.projections.transactions;

/**
 * What to list of an account's transactions.
 *
 * @param filter which transactions, by their validFrom against the read's instant
 * @param sortBy the date to order by; ties keep the order the ledger recorded them in
 */
public record TransactionQuery(String accountId, Filter filter, SortBy sortBy, boolean ascending,
                               int offset, int count) {

    /** {@code Pending}: validFrom in the future; {@code Active}: the others. */
    public enum Filter { ALL, ACTIVE, PENDING }

    public enum SortBy { TRANSACTION_DATE, CREATED_ON }
}
