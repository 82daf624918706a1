package org.pointsledger.api.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pointsledger.domain.account.LotDraw;
import org.pointsledger.domain.account.PointAccountEvent;
import org.pointsledger.domain.account.PointsAdded;
import org.pointsledger.domain.account.PointsAdjusted;
import org.pointsledger.domain.account.PointsDeducted;
import org.pointsledger.domain.account.PointsExpired;
import org.pointsledger.domain.account.TransactionDetails;
import org.pointsledger.domain.account.TransactionIds;
import org.pointsledger.domain.oracle.BalanceModel;
import org.pointsledger.domain.oracle.BalanceModel.Addition;
import org.pointsledger.domain.oracle.BalanceModel.Deduction;
import org.pointsledger.domain.oracle.BalanceModel.Expiry;

/**
 * Decides an account's history again with the independent {@link BalanceModel}: each recorded
 * command's facts (amount, validFrom, validTo, the instant it was decided, which lot expired)
 * go into the model, and what the ledger recorded and holds is compared with what the model
 * decides: the lot each addition opened, the draws and overdraft of each deduction, each
 * expiry, and then the balance, overdraft, lots and transactions.
 */
final class LedgerJudge {

    private final String accountId;
    private final BalanceModel model = new BalanceModel(TransactionIds::expiryOf);
    private final boolean negativeBalanceAllowed;
    private final List<String> differences = new ArrayList<>();
    /** Expiries the model made in an addition, due as the next events. */
    private final List<Expiry> expiriesDue = new ArrayList<>();

    private LedgerJudge(String accountId, boolean negativeBalanceAllowed) {
        this.accountId = accountId;
        this.negativeBalanceAllowed = negativeBalanceAllowed;
    }

    static List<String> differences(String accountId, List<PointAccountEvent> events,
                                    boolean negativeBalanceAllowed, Instant now,
                                    BigDecimal answeredBalance,
                                    EventStoreReplay.ReadModels readModels) {
        LedgerJudge judge = new LedgerJudge(accountId, negativeBalanceAllowed);
        events.forEach(judge::decide);
        judge.expiriesDue.forEach(expiry -> judge.differ("lot " + expiry.lotId()
                + " was due to expire in the addition that opened it, and did not"));
        judge.compare(now, answeredBalance, readModels);
        return judge.differences;
    }

    private void decide(PointAccountEvent event) {
        if (!expiriesDue.isEmpty() && !(event instanceof PointsExpired)) {
            differ("lot " + expiriesDue.get(0).lotId() + " not expired before " + event);
            expiriesDue.clear();
        }
        if (event instanceof PointsAdded added) {
            opened(added.transaction(), added.lot().points(), added.overdraftRepaid(),
                    added.recordedAt());
        } else if (event instanceof PointsAdjusted adjusted && adjusted.lot() != null) {
            opened(adjusted.transaction(), adjusted.lot().points(),
                    adjusted.overdraftRepaid(), adjusted.recordedAt());
        } else if (event instanceof PointsAdjusted adjusted) {
            drew(adjusted.transaction(), adjusted.draws(), adjusted.overdraftIncurred(),
                    adjusted.recordedAt());
        } else if (event instanceof PointsDeducted deducted) {
            drew(deducted.transaction(), deducted.draws(), deducted.overdraftIncurred(),
                    deducted.recordedAt());
        } else if (event instanceof PointsExpired expired) {
            expired(expired);
        }
    }

    private void opened(TransactionDetails transaction, BigDecimal lotPoints,
                        BigDecimal overdraftRepaid, Instant decidedAt) {
        Addition addition = model.add(transaction.transactionId(), transaction.amount(),
                transaction.validFrom(), transaction.validTo(), decidedAt);
        if (addition.lot().pointsLeft().compareTo(lotPoints) != 0
                || addition.overdraftRepaid().compareTo(overdraftRepaid) != 0) {
            differ("addition " + transaction.transactionId() + " opened a lot of " + lotPoints
                    + " repaying " + overdraftRepaid + "; the model: "
                    + addition.lot().pointsLeft() + " repaying " + addition.overdraftRepaid());
        }
        addition.expiredAtOnce().ifPresent(expiriesDue::add);
    }

    private void drew(TransactionDetails transaction, List<LotDraw> draws,
                      BigDecimal overdraftIncurred, Instant decidedAt) {
        Deduction deduction = model.deduct(transaction.transactionId(),
                transaction.amount().negate(), negativeBalanceAllowed, decidedAt);
        if (deduction.refused()) {
            differ("deduction " + transaction.transactionId() + " of "
                    + transaction.amount() + " was applied; the model refuses it with "
                    + deduction.available() + " available");
            return;
        }
        Map<String, BigDecimal> recorded = new LinkedHashMap<>();
        draws.forEach(draw -> recorded.put(draw.lotId(), draw.points()));
        Map<String, BigDecimal> decided = new LinkedHashMap<>();
        deduction.draws().forEach(draw -> decided.put(draw.lotId(), draw.points()));
        if (!List.copyOf(recorded.keySet()).equals(List.copyOf(decided.keySet()))
                || !EventStoreReplay.sameAmounts(recorded, decided)
                || deduction.overdraftIncurred().compareTo(overdraftIncurred) != 0) {
            differ("deduction " + transaction.transactionId() + " drew " + recorded
                    + " with overdraft " + overdraftIncurred + "; the model draws " + decided
                    + " with overdraft " + deduction.overdraftIncurred());
        }
    }

    private void expired(PointsExpired expired) {
        Optional<Expiry> decided = expiriesDue.isEmpty()
                ? model.expire(expired.lotId(), expired.recordedAt())
                : Optional.of(expiriesDue.remove(0));
        if (decided.isEmpty()) {
            differ("lot " + expired.lotId() + " expired at " + expired.recordedAt()
                    + "; the model finds nothing due");
        } else if (!decided.get().lotId().equals(expired.lotId())
                || decided.get().pointsRemoved().compareTo(expired.points()) != 0
                || decided.get().overdraftRepaid().compareTo(expired.overdraftRepaid()) != 0
                || !decided.get().transactionId().equals(expired.transactionId())) {
            differ("expiry " + expired + "; the model: " + decided.get());
        }
    }

    private void compare(Instant now, BigDecimal answeredBalance,
                         EventStoreReplay.ReadModels readModels) {
        if (model.balanceAt(now).compareTo(answeredBalance) != 0) {
            differ("balance answered " + answeredBalance + ", the model's "
                    + model.balanceAt(now));
        }
        if (readModels.overdraft() == null
                || readModels.overdraft().compareTo(model.overdraft()) != 0) {
            differ("overdraft stored " + readModels.overdraft() + ", the model's "
                    + model.overdraft());
        }
        Map<String, BigDecimal> lots = new LinkedHashMap<>();
        model.lots().forEach((lotId, lot) -> lots.put(lotId, lot.pointsLeft()));
        if (!EventStoreReplay.sameAmounts(readModels.lotsRemaining(), lots)) {
            differ("lots stored " + readModels.lotsRemaining() + ", the model's " + lots);
        }
        if (!EventStoreReplay.sameAmounts(readModels.transactionAmounts(),
                model.transactions())) {
            differ("transactions stored " + readModels.transactionAmounts() + ", the model's "
                    + model.transactions());
        }
    }

    private void differ(String difference) {
        differences.add(accountId + " (independent model): " + difference);
    }
}
