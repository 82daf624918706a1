package org.pointsledger.domain.account;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An addition opened a lot. When the account was overdrawn and the lot is active at once, the
 * lot first repays the overdraft: {@code lot.points() = amount - overdraftRepaid}.
 */
@StoredEvent(name = "PointsAdded", revision = "1")
public record PointsAdded(AccountId accountId, TransactionDetails transaction, Lot lot,
                          BigDecimal overdraftRepaid, Instant recordedAt)
        implements PointAccountEvent {

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.added(this);
    }
}
