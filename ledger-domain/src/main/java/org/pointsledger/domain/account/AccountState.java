package org.pointsledger.domain.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One account folded from its events alone, oldest first: every lot it ever opened with the
 * points left in it, every transaction with its signed amount, and the overdraft.
 *
 * <p>It is what the read models must equal, so it shares no code with them nor with the
 * aggregate, and it refuses an event that does not fit what came before (a draw from a lot that
 * does not hold the points, a transaction id twice, another account's event) instead of folding
 * it into a wrong answer. Pure: no clock, no storage; time is the caller's {@code now}.
 */
public final class AccountState {

    private final AccountId accountId;
    /** Every lot ever opened, used up and expired ones included, with the points left. */
    private final Map<String, Lot> lots = new LinkedHashMap<>();
    /** Transaction id to its amount as it affected the balance, in the order they happened. */
    private final Map<String, BigDecimal> transactions = new LinkedHashMap<>();
    private BigDecimal overdraft = BigDecimal.ZERO;
    private long eventCount;

    public AccountState(AccountId accountId) {
        this.accountId = Objects.requireNonNull(accountId, "accountId");
    }

    /** The account folded from all of its events, oldest first. */
    public static AccountState of(AccountId accountId, List<? extends PointAccountEvent> events) {
        AccountState replay = new AccountState(accountId);
        events.forEach(replay::apply);
        return replay;
    }

    /** Folds the next event in; throws IllegalStateException when it cannot follow the others. */
    public AccountState apply(PointAccountEvent event) {
        check(event.accountId().equals(accountId), "an event of account " + event.accountId());
        check(eventCount > 0 || event instanceof AccountOpened, "an event before AccountOpened");
        if (event instanceof AccountOpened) {
            check(eventCount == 0, "a second AccountOpened");
        } else if (event instanceof PointsAdded added) {
            record(added.transaction());
            open(added.transaction(), added.lot(), added.overdraftRepaid());
        } else if (event instanceof PointsDeducted deducted) {
            record(deducted.transaction());
            take(deducted.transaction(), deducted.draws(), deducted.overdraftIncurred());
        } else if (event instanceof PointsAdjusted adjusted) {
            record(adjusted.transaction());
            if (adjusted.lot() != null) {
                open(adjusted.transaction(), adjusted.lot(), adjusted.overdraftRepaid());
            } else {
                take(adjusted.transaction(), adjusted.draws(), adjusted.overdraftIncurred());
            }
        } else if (event instanceof PointsExpired expired) {
            expire(expired);
        }
        eventCount++;
        return this;
    }

    public AccountId accountId() {
        return accountId;
    }

    public long eventCount() {
        return eventCount;
    }

    /** Points active at {@code now} (validFrom reached, validTo not) less the overdraft. */
    public BigDecimal balanceAt(Instant now) {
        BigDecimal active = BigDecimal.ZERO;
        for (Lot lot : lots.values()) {
            if (lot.isActiveAt(now)) {
                active = active.add(lot.points());
            }
        }
        return active.subtract(overdraft);
    }

    /** Points of lots whose validFrom is still ahead of {@code now}. */
    public BigDecimal pendingAt(Instant now) {
        BigDecimal pending = BigDecimal.ZERO;
        for (Lot lot : lots.values()) {
            if (lot.isPendingAt(now)) {
                pending = pending.add(lot.points());
            }
        }
        return pending;
    }

    /** Every lot ever opened, by lot id, with the points left in it (zero once used up). */
    public Map<String, Lot> lots() {
        return Collections.unmodifiableMap(lots);
    }

    /** Every transaction id, in order, with its signed amount; expiries included. */
    public Map<String, BigDecimal> transactions() {
        return Collections.unmodifiableMap(transactions);
    }

    public BigDecimal overdraft() {
        return overdraft;
    }

    private void record(TransactionDetails transaction) {
        record(transaction.transactionId(), transaction.amount());
    }

    private void record(String transactionId, BigDecimal amount) {
        check(transactions.put(transactionId, amount) == null,
                "transaction " + transactionId + " a second time");
    }

    private void open(TransactionDetails transaction, Lot lot, BigDecimal overdraftRepaid) {
        check(lot.points().add(overdraftRepaid).compareTo(transaction.amount()) == 0,
                "lot " + lot.lotId() + " plus the overdraft it repaid differing from its amount");
        check(!lots.containsKey(lot.lotId()), "lot " + lot.lotId() + " opened twice");
        lots.put(lot.lotId(), lot);
        changeOverdraft(overdraftRepaid.negate());
    }

    private void take(TransactionDetails transaction, List<LotDraw> draws,
                      BigDecimal overdraftIncurred) {
        BigDecimal covered = overdraftIncurred;
        for (LotDraw draw : draws) {
            Lot lot = lots.get(draw.lotId());
            check(lot != null, "a draw from unknown lot " + draw.lotId());
            check(draw.points().signum() > 0 && draw.points().compareTo(lot.points()) <= 0,
                    "a draw of " + draw.points() + " from lot " + lot.lotId() + " holding "
                            + lot.points());
            lots.put(lot.lotId(), new Lot(lot.lotId(), lot.points().subtract(draw.points()),
                    lot.validFrom(), lot.validTo()));
            covered = covered.add(draw.points());
        }
        check(covered.compareTo(transaction.amount().negate()) == 0,
                "draws and overdraft of " + transaction.transactionId()
                        + " differing from its amount");
        changeOverdraft(overdraftIncurred);
    }

    private void expire(PointsExpired expired) {
        Lot lot = lots.get(expired.lotId());
        check(lot != null, "the expiry of unknown lot " + expired.lotId());
        check(lot.points().compareTo(expired.points().add(expired.overdraftRepaid())) == 0,
                "the expiry of lot " + lot.lotId() + " not closing what it held");
        lots.put(lot.lotId(), new Lot(lot.lotId(), BigDecimal.ZERO, lot.validFrom(),
                lot.validTo()));
        changeOverdraft(expired.overdraftRepaid().negate());
        if (expired.points().signum() > 0) {
            record(expired.transactionId(), expired.points().negate());
        }
    }

    private void changeOverdraft(BigDecimal change) {
        overdraft = overdraft.add(change);
        check(overdraft.signum() >= 0, "an overdraft below zero");
    }

    private void check(boolean condition, String unexpected) {
        if (!condition) {
            throw new IllegalStateException("Account " + accountId + " cannot be replayed: "
                    + unexpected + " (event " + (eventCount + 1) + ")");
        }
    }
}
