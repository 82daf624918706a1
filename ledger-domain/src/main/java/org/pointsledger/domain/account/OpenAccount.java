package org.pointsledger.domain.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens the account of a contact for a point definition; answers whether it was new. */
public record OpenAccount(@TargetAggregateIdentifier AccountId accountId, String contactId,
                          int definitionId) implements PointAccountCommand {

    public static OpenAccount of(String contactId, int definitionId) {
        return new OpenAccount(AccountId.of(contactId, definitionId), contactId, definitionId);
    }
}
