package org.pointsledger.domain.account;

/** What can be asked of a point account. */
public sealed interface PointAccountCommand
        permits OpenAccount, AddTransaction, BulkAdd, ExpireLot {

    AccountId accountId();
}
