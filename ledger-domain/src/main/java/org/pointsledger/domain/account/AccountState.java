package org.pointsledger.domain.account;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An account folded from its events, oldest first: its lots with the points left in them, its
 * overdraft, and (when it keeps its history) every transaction as the account shows it. This
 * is the one place that says what each event does to an account; the aggregate decides on it,
 * the as-of replay and the verification read it, and the tests use it as their fold.
 *
 * <p>Two ways to keep it, one fold. {@link #current()} is the aggregate's: only lots with
 * points left, so the state and a snapshot of it stay as small as what the account still
 * holds. {@link #history(AccountId)} keeps every lot ever opened (zero once used up or
 * expired), what opened it, and every transaction, and judges each event: it refuses, with an
 * IllegalStateException, one that does not fit what came before (amounts that do not add up,
 * a draw from a lot that does not hold the points, a transaction or lot id twice, another
 * account's event, an event before AccountOpened, an adjustment that both opens a lot and
 * draws) rather than fold it into a wrong answer; verification reports that as a difference.
 * The aggregate's state does not judge: it must load whatever its stream holds (a refused
 * event would make the account unusable for good), so it folds as the aggregate always did
 * and refuses only what no state can follow (a draw from a lot it does not hold, a lot
 * overdrawn).
 *
 * <p>Pure: no clock, no storage; time is the caller's {@code now}. The aggregate snapshots
 * this state inside itself, so its stored fields keep the names the aggregate's fields had
 * ({@code openLots}, {@code overdraft}); the history is never stored.
 */
public final class AccountState {

    /** Lots by id in the order they were opened; in a history also those with nothing left. */
    @JsonProperty("openLots")
    private Map<String, Lot> lots = new LinkedHashMap<>();
    /** Points owed beyond the lots, where the definition allows a negative balance. */
    private BigDecimal overdraft = BigDecimal.ZERO;
    // The history, which the aggregate's state does not keep (null there) and never stores.
    @JsonIgnore
    private final AccountId accountId;
    /** Lot id to the transaction that opened it. */
    @JsonIgnore
    private final Map<String, TransactionDetails> openings;
    /** Transaction id to its amount as it affected the balance, in the order they happened. */
    @JsonIgnore
    private final Map<String, BigDecimal> transactions;
    @JsonIgnore
    private long eventCount;

    private AccountState(AccountId accountId, Map<String, TransactionDetails> openings,
                         Map<String, BigDecimal> transactions) {
        this.accountId = accountId;
        this.openings = openings;
        this.transactions = transactions;
    }

    /** For snapshots, which are read back into the aggregate's state. */
    private AccountState() {
        this(null, null, null);
    }

    /** The aggregate's state: lots with points left and the overdraft, no history. */
    public static AccountState current() {
        return new AccountState();
    }

    /** An account's full history, empty until its events are folded in. */
    public static AccountState history(AccountId accountId) {
        return new AccountState(Objects.requireNonNull(accountId, "accountId"),
                new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /** The history of an account folded from all of its events, oldest first. */
    public static AccountState of(AccountId accountId, List<? extends PointAccountEvent> events) {
        AccountState state = history(accountId);
        events.forEach(state::apply);
        return state;
    }

    /** Folds the next event in; throws IllegalStateException when it cannot follow the others. */
    public AccountState apply(PointAccountEvent event) {
        if (keepsHistory()) {
            check(event.accountId().equals(accountId),
                    "an event of account " + event.accountId());
            check(eventCount > 0 || event instanceof AccountOpened,
                    "an event before AccountOpened");
        }
        event.accept(new Fold());
        eventCount++;
        return this;
    }

    /**
     * The fold itself: what each event does. A visitor over the sealed event interface, so an
     * event type added without its case here does not compile (see PointAccountEvent#accept).
     */
    private final class Fold implements PointAccountEvent.Visitor<Void> {

        @Override
        public Void opened(AccountOpened event) {
            if (keepsHistory()) {
                check(eventCount == 0, "a second AccountOpened");
            }
            return null;
        }

        @Override
        public Void added(PointsAdded event) {
            record(event.transaction());
            open(event.transaction(), event.lot(), event.overdraftRepaid());
            return null;
        }

        @Override
        public Void deducted(PointsDeducted event) {
            record(event.transaction());
            take(event.transaction(), event.draws(), event.overdraftIncurred());
            return null;
        }

        /** Like an addition or like a deduction, never both: see PointsAdjusted#opensLot. */
        @Override
        public Void adjusted(PointsAdjusted event) {
            record(event.transaction());
            if (event.opensLot()) {
                if (keepsHistory()) {
                    check(event.draws().isEmpty() && event.overdraftIncurred().signum() == 0,
                            "adjustment " + event.transaction().transactionId()
                                    + " both opening a lot and drawing");
                }
                open(event.transaction(), event.lot(), event.overdraftRepaid());
            } else {
                take(event.transaction(), event.draws(), event.overdraftIncurred());
            }
            return null;
        }

        @Override
        public Void expired(PointsExpired event) {
            expire(event);
            return null;
        }
    }

    /** The account's id; only a history knows it. */
    public AccountId accountId() {
        requireHistory();
        return accountId;
    }

    /** How many events a history has folded. */
    public long eventCount() {
        requireHistory();
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

    /** The earliest validTo among lots active at {@code now} with points left; null if none. */
    public Instant balanceExpiresAt(Instant now) {
        return lots.values().stream()
                .filter(lot -> lot.isActiveAt(now) && lot.points().signum() > 0)
                .map(Lot::validTo).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
    }

    /**
     * Lots by id with the points left in them. A history holds every lot ever opened (zero
     * once used up or expired); the aggregate's state only those with points left.
     */
    public Map<String, Lot> lots() {
        return Collections.unmodifiableMap(lots);
    }

    /** Lots with points left, by id, in the order they were opened. */
    public Map<String, Lot> openLots() {
        Map<String, Lot> open = new LinkedHashMap<>();
        lots.forEach((lotId, lot) -> {
            if (lot.points().signum() > 0) {
                open.put(lotId, lot);
            }
        });
        return open;
    }

    /**
     * The lots that hold points at {@code now}, active or pending, in the order deductions take
     * them (soonest expiry first, lots that never expire last).
     */
    public List<Lot> lotsHoldingPointsAt(Instant now) {
        return lots.values().stream()
                .filter(lot -> lot.points().signum() > 0 && !lot.isExpiredAt(now))
                .sorted(Lot.CONSUMPTION_ORDER)
                .toList();
    }

    /** The transaction that opened a lot (its amount is what was added); history only. */
    public Optional<TransactionDetails> openingOf(String lotId) {
        requireHistory();
        return Optional.ofNullable(openings.get(lotId));
    }

    /** Every transaction id, in order, with its signed amount; expiries included. History only. */
    public Map<String, BigDecimal> transactions() {
        requireHistory();
        return Collections.unmodifiableMap(transactions);
    }

    public BigDecimal overdraft() {
        return overdraft;
    }

    /** Whether this is a history, or the aggregate's state. */
    public boolean keepsHistory() {
        return accountId != null;
    }

    private void requireHistory() {
        if (!keepsHistory()) {
            throw new IllegalStateException("the aggregate's state keeps no history");
        }
    }

    private void record(TransactionDetails transaction) {
        if (keepsHistory()) {
            check(transactions.put(transaction.transactionId(),
                            transaction.amount()) == null,
                    "transaction " + transaction.transactionId() + " a second time");
        }
    }

    private void open(TransactionDetails transaction, Lot lot, BigDecimal overdraftRepaid) {
        if (keepsHistory()) {
            check(lot.points().add(overdraftRepaid).compareTo(transaction.amount()) == 0,
                    "lot " + lot.lotId() + " plus the overdraft it repaid differing from its"
                            + " amount");
            check(!lots.containsKey(lot.lotId()), "lot " + lot.lotId() + " opened twice");
            openings.put(lot.lotId(), transaction);
        }
        if (lot.points().signum() > 0 || keepsHistory()) {
            lots.put(lot.lotId(), lot);
        }
        changeOverdraft(overdraftRepaid.negate());
    }

    private void take(TransactionDetails transaction, List<LotDraw> draws,
                      BigDecimal overdraftIncurred) {
        BigDecimal covered = overdraftIncurred;
        for (LotDraw draw : draws) {
            Lot lot = lots.get(draw.lotId());
            if (lot == null) {
                // Nothing to draw from: no state can follow, so the aggregate's state refuses too.
                check(false, "a draw from unknown lot " + draw.lotId());
            }
            if (keepsHistory()) {
                check(draw.points().signum() > 0 && draw.points().compareTo(lot.points()) <= 0,
                        "a draw of " + draw.points() + " from lot " + lot.lotId() + " holding "
                                + lot.points());
                covered = covered.add(draw.points());
            }
            // A lot's points are never negative: Lot refuses an overdrawn lot in either state.
            keep(lot.withPoints(lot.points().subtract(draw.points())));
        }
        if (keepsHistory()) {
            check(covered.compareTo(transaction.amount().negate()) == 0,
                    "draws and overdraft of " + transaction.transactionId()
                            + " differing from its amount");
        }
        changeOverdraft(overdraftIncurred);
    }

    private void expire(PointsExpired expired) {
        Lot lot = lots.get(expired.lotId());
        if (keepsHistory()) {
            check(lot != null, "the expiry of unknown lot " + expired.lotId());
            check(lot.points().compareTo(expired.points().add(expired.overdraftRepaid())) == 0,
                    "the expiry of lot " + lot.lotId() + " not closing what it held");
        }
        if (lot != null) {
            keep(lot.withPoints(BigDecimal.ZERO));
        }
        changeOverdraft(expired.overdraftRepaid().negate());
        expired.transaction().ifPresent(this::record);
    }

    /** A lot with nothing left stays in a history and leaves the aggregate's state. */
    private void keep(Lot lot) {
        if (lot.points().signum() > 0 || keepsHistory()) {
            lots.put(lot.lotId(), lot);
        } else {
            lots.remove(lot.lotId());
        }
    }

    private void changeOverdraft(BigDecimal change) {
        overdraft = overdraft.add(change);
        if (keepsHistory()) {
            check(overdraft.signum() >= 0, "an overdraft below zero");
        }
    }

    private void check(boolean condition, String unexpected) {
        if (!condition) {
            String account = keepsHistory() ? "Account " + accountId : "The account";
            String position = keepsHistory() ? " (event " + (eventCount + 1) + ")" : "";
            throw new IllegalStateException(account + " cannot be replayed: " + unexpected
                    + position);
        }
    }
}
