package org.pointsledger.domain.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

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

    /**
     * The expiry transaction as the account shows it (the transaction table, the feed, the
     * daily totals and the fold all take it from here): a Deduction of the points removed,
     * source Automation, dated and valid from {@code expiredAt}, with no fingerprint. None when
     * the lot's points only settled overdraft, which removed nothing from the balance.
     */
    public Optional<TransactionDetails> transaction() {
        if (points.signum() == 0) {
            return Optional.empty();
        }
        return Optional.of(new TransactionDetails(transactionId, TransactionType.Deduction,
                points.negate(), SOURCE, DESCRIPTION, expiredAt, expiredAt, null, null, null));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.expired(this);
    }
}
