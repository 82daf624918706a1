package org.pointsledger.domain.account;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A lot reached its validTo with points left and closed. Its points first settled any
 * overdraft ({@code overdraftRepaid}); the rest, {@code points}, were removed by the expiry
 * transaction {@code transactionId} (type Deduction, source Automation, dated
 * {@code expiredAt}), which exists only when {@code points} is positive. So the balance drops
 * by exactly the expiry transaction, whether or not the lot was active when it was added.
 */
@StoredEvent(name = "PointsExpired", revision = "1")
public record PointsExpired(AccountId accountId, String transactionId, String lotId,
                            BigDecimal points, BigDecimal overdraftRepaid, Instant expiredAt,
                            Instant recordedAt) implements PointAccountEvent {

    /** A document stored before overdraftRepaid existed settled nothing. */
    public PointsExpired {
        overdraftRepaid = overdraftRepaid == null ? BigDecimal.ZERO : overdraftRepaid;
    }

    /** The description code the points API uses for points removed at their time limit. */
    public static final String DESCRIPTION = "@@(RemovedDueToTimeLimit)";
    /** The source the points API uses for what the system did by itself. */
    public static final String SOURCE = "Automation";
}
