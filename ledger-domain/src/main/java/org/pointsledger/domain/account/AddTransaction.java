package org.pointsledger.domain.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records one transaction on an existing account.
 *
 * @param negativeBalanceAllowed whether the account's definition lets the balance go below zero
 */
public record AddTransaction(@TargetAggregateIdentifier AccountId accountId,
                             TransactionDetails transaction,
                             boolean negativeBalanceAllowed) implements PointAccountCommand {
}
