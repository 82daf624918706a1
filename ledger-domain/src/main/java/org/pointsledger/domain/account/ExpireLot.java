package org.pointsledger.domain.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes what is left of a lot that has reached its validTo. A repeat is harmless. */
public record ExpireLot(@TargetAggregateIdentifier AccountId accountId, String lotId)
        implements PointAccountCommand {
}
