package org.pointsledger.domain.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A deduction drew points from active lots, soonest expiry first. What the lots could not
 * cover (only where the definition allows a negative balance) became overdraft:
 * {@code sum(draws) + overdraftIncurred = -amount}.
 */
@StoredEvent(name = "PointsDeducted", revision = "1")
public record PointsDeducted(AccountId accountId, TransactionDetails transaction,
                             List<LotDraw> draws, BigDecimal overdraftIncurred,
                             Instant recordedAt) implements PointAccountEvent {

    public PointsDeducted {
        draws = List.copyOf(draws);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.deducted(this);
    }
}
