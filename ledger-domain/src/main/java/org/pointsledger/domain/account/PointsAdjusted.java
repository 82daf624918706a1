package org.pointsledger.domain.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An adjustment corrected the balance. A positive one opened {@code lot} (and may have repaid
 * overdraft) exactly like an addition; a negative one drew from lots like a deduction, with
 * {@code lot} null.
 */
@StoredEvent(name = "PointsAdjusted", revision = "1")
public record PointsAdjusted(AccountId accountId, TransactionDetails transaction, Lot lot,
                             BigDecimal overdraftRepaid, List<LotDraw> draws,
                             BigDecimal overdraftIncurred, Instant recordedAt)
        implements PointAccountEvent {

    public PointsAdjusted {
        draws = List.copyOf(draws);
    }

    /**
     * Whether it opened a lot like an addition; otherwise it drew like a deduction. The
     * aggregate writes one or the other, never both, so an adjustment with a lot and draws (or
     * overdraft incurred) is not one the ledger wrote, and the fold refuses it.
     */
    public boolean opensLot() {
        return lot != null;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.adjusted(this);
    }
}
