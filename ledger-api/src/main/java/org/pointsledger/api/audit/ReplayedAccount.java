package org.pointsledger.api.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.AccountState;
import org.pointsledger.domain.account.Lot;
import org.pointsledger.domain.account.PointAccountEvent;
import org.pointsledger.domain.account.PointsAdded;
import org.pointsledger.domain.account.PointsAdjusted;
import org.pointsledger.domain.account.TransactionDetails;

/**
 * An account folded from its stored events by {@link AccountState}, with what each lot was
 * opened with, so that its state at an instant reads like the account resource did then.
 */
final class ReplayedAccount {

    /** What a lot was opened by: its transaction and that transaction's amount. */
    record Opening(String transactionId, BigDecimal pointsAdded) {
    }

    /** A lot as it stood: what it was opened with and the points left in it. */
    record LotState(String lotId, String transactionId, BigDecimal pointsAdded,
                    BigDecimal pointsLeft, Instant validFrom, Instant validTo, String state) {
    }

    private final AccountState replay;
    private final Map<String, Opening> openings = new HashMap<>();

    ReplayedAccount(AccountId accountId) {
        this.replay = new AccountState(accountId);
    }

    void apply(PointAccountEvent event) {
        replay.apply(event);
        if (event instanceof PointsAdded added) {
            opened(added.transaction(), added.lot());
        } else if (event instanceof PointsAdjusted adjusted && adjusted.lot() != null) {
            opened(adjusted.transaction(), adjusted.lot());
        }
    }

    AccountState replay() {
        return replay;
    }

    long eventCount() {
        return replay.eventCount();
    }

    BigDecimal balanceAt(Instant now) {
        return replay.balanceAt(now);
    }

    BigDecimal pendingAt(Instant now) {
        return replay.pendingAt(now);
    }

    /** The earliest validTo among lots active at {@code now} with points left; null if none. */
    Instant balanceExpiresAt(Instant now) {
        return replay.lots().values().stream()
                .filter(lot -> lot.isActiveAt(now) && lot.points().signum() > 0)
                .map(Lot::validTo).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
    }

    /**
     * The lots that held points at {@code now}, active or pending, in the order deductions
     * take them (soonest expiry first, lots that never expire last).
     */
    List<LotState> lotsHoldingPointsAt(Instant now) {
        return replay.lots().values().stream()
                .filter(lot -> lot.points().signum() > 0 && !lot.isExpiredAt(now))
                .sorted(Comparator.comparing(Lot::validTo,
                                Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Lot::validFrom).thenComparing(Lot::lotId))
                .map(lot -> {
                    Opening opening = openings.get(lot.lotId());
                    return new LotState(lot.lotId(), opening.transactionId(),
                            opening.pointsAdded(), lot.points(), lot.validFrom(), lot.validTo(),
                            lot.isPendingAt(now) ? "Pending" : "Active");
                })
                .toList();
    }

    private void opened(TransactionDetails transaction, Lot lot) {
        openings.put(lot.lotId(), new Opening(transaction.transactionId(), transaction.amount()));
    }
}
