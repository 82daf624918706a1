package org.pointsledger.domain.account;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A lot reached its validTo with points left; they were removed by the transaction
 * {@code transactionId} (type Deduction, source Automation, dated {@code expiredAt}).
 */
@StoredEvent(name = "PointsExpired", revision = "1")
public record PointsExpired(AccountId accountId, String transactionId, String lotId,
                            BigDecimal points, Instant expiredAt, Instant recordedAt)
        implements PointAccountEvent {

    /** The description code the points API uses for points removed at their time limit. */
    public static final String DESCRIPTION = "@@(RemovedDueToTimeLimit)";
    /** The source the points API uses for what the system did by itself. */
    public static final String SOURCE = "Automation";
}
