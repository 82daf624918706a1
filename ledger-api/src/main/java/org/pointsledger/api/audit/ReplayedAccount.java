package org.pointsledger.api.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.AccountState;
import org.pointsledger.domain.account.PointAccountEvent;
import org.pointsledger.domain.account.TransactionDetails;

/**
 * An account's history folded from its stored events by the domain's one fold,
 * {@link AccountState}, read the way the account resource reads an account at an instant.
 */
final class ReplayedAccount {

    /** A lot as it stood: what it was opened with and the points left in it. */
    record LotState(String lotId, String transactionId, BigDecimal pointsAdded,
                    BigDecimal pointsLeft, Instant validFrom, Instant validTo, String state) {
    }

    private final AccountState state;

    ReplayedAccount(AccountId accountId) {
        this.state = AccountState.history(accountId);
    }

    void apply(PointAccountEvent event) {
        state.apply(event);
    }

    AccountState state() {
        return state;
    }

    long eventCount() {
        return state.eventCount();
    }

    BigDecimal balanceAt(Instant now) {
        return state.balanceAt(now);
    }

    BigDecimal pendingAt(Instant now) {
        return state.pendingAt(now);
    }

    Instant balanceExpiresAt(Instant now) {
        return state.balanceExpiresAt(now);
    }

    /** The lots that held points at {@code now}, in the order deductions take them. */
    List<LotState> lotsHoldingPointsAt(Instant now) {
        return state.lotsHoldingPointsAt(now).stream()
                .map(lot -> {
                    TransactionDetails opening = state.openingOf(lot.lotId()).orElseThrow();
                    return new LotState(lot.lotId(), opening.transactionId(), opening.amount(),
                            lot.points(), lot.validFrom(), lot.validTo(),
                            lot.isPendingAt(now) ? "Pending" : "Active");
                })
                .toList();
    }
}
