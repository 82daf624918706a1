package org.pointsledger.domain.oracle;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One account's points as the README ("Reads, time and expiry", the definitions of step 10)
 * and the API contract ("Time") describe them, written apart from the production code so
 * that tests can judge its decisions: it uses no class of the ledger, only numbers, instants
 * and ids.
 *
 * <p>The rules, as written there: an addition is a lot, pending before its validFrom,
 * active from then until its validTo, expired from its validTo on (no validTo: never). The
 * balance is the active points less what is owed (the overdraft); pending points are the
 * lots not yet valid. A deduction takes active points, the lot that expires soonest first and
 * never-expiring lots last (ties: the earlier validFrom, then the lower lot id); beyond the
 * balance it is refused unless the definition allows a negative balance, and even then the
 * balance never goes as low as -10^12. An addition that is active when it arrives first pays
 * back what is owed; a lot's points settle what is owed before they expire, and what is then
 * left is removed by the lot's expiry transaction, once. A lot whose validTo has already
 * passed when it is added expires in the same step.
 */
public final class BalanceModel {

    /** The balance never goes as low as minus this (README, "Limits"). */
    public static final BigDecimal OVERDRAFT_LIMIT = new BigDecimal("1000000000000");

    /** What is left of one addition's points, and when they count. */
    public record ModelLot(String lotId, BigDecimal pointsLeft, Instant validFrom,
                           Instant validTo) {

        public boolean isPendingAt(Instant now) {
            return now.isBefore(validFrom);
        }

        public boolean isExpiredAt(Instant now) {
            return validTo != null && !now.isBefore(validTo);
        }

        public boolean isActiveAt(Instant now) {
            return !isPendingAt(now) && !isExpiredAt(now);
        }

        ModelLot withPointsLeft(BigDecimal points) {
            return new ModelLot(lotId, points, validFrom, validTo);
        }
    }

    /** Points a deduction took from one lot. */
    public record Draw(String lotId, BigDecimal points) {
    }

    /** A lot closed at its validTo: what settled the overdraft and what was removed. */
    public record Expiry(String lotId, String transactionId, BigDecimal pointsRemoved,
                         BigDecimal overdraftRepaid, Instant validTo) {
    }

    /** What an addition did: the overdraft it repaid, its lot, and its expiry if already due. */
    public record Addition(BigDecimal overdraftRepaid, ModelLot lot,
                           Optional<Expiry> expiredAtOnce) {
    }

    /** What a deduction did, or that it was refused with the balance available. */
    public record Deduction(boolean refused, BigDecimal available, List<Draw> draws,
                            BigDecimal overdraftIncurred) {
    }

    private final UnaryOperator<String> expiryTransactionIdOfLot;
    /** Every lot ever opened, in the order of their additions, with the points left. */
    private final Map<String, ModelLot> lots = new LinkedHashMap<>();
    /** Every transaction, expiries included, with its amount as it changed the balance. */
    private final Map<String, BigDecimal> transactions = new LinkedHashMap<>();
    private BigDecimal overdraft = BigDecimal.ZERO;

    /** @param expiryTransactionIdOfLot the id the ledger gives the expiry of a lot */
    public BalanceModel(UnaryOperator<String> expiryTransactionIdOfLot) {
        this.expiryTransactionIdOfLot = Objects.requireNonNull(expiryTransactionIdOfLot);
    }

    /** Adds {@code amount} (positive) as the lot {@code transactionId}, decided at now. */
    public Addition add(String transactionId, BigDecimal amount, Instant validFrom,
                        Instant validTo, Instant now) {
        require(amount.signum() > 0, "an addition is positive: " + amount);
        require(!lots.containsKey(transactionId), "lot " + transactionId + " added twice");
        ModelLot lot = new ModelLot(transactionId, amount, validFrom, validTo);
        BigDecimal repaid = lot.isActiveAt(now) ? amount.min(overdraft) : BigDecimal.ZERO;
        overdraft = overdraft.subtract(repaid);
        lot = lot.withPointsLeft(amount.subtract(repaid));
        lots.put(transactionId, lot);
        record(transactionId, amount);
        Optional<Expiry> expiry = lot.isExpiredAt(now) ? expire(transactionId, now)
                : Optional.empty();
        return new Addition(repaid, lot, expiry);
    }

    /** Deducts {@code points} (positive) at now, or refuses to. */
    public Deduction deduct(String transactionId, BigDecimal points,
                            boolean negativeBalanceAllowed, Instant now) {
        require(points.signum() > 0, "a deduction takes a positive number: " + points);
        BigDecimal available = balanceAt(now);
        if (points.compareTo(available) > 0 && !negativeBalanceAllowed) {
            return new Deduction(true, available, List.of(), BigDecimal.ZERO);
        }
        List<Draw> draws = new ArrayList<>();
        BigDecimal left = points;
        for (ModelLot lot : activeInDrawingOrder(now)) {
            if (left.signum() == 0) {
                break;
            }
            BigDecimal taken = lot.pointsLeft().min(left);
            draws.add(new Draw(lot.lotId(), taken));
            left = left.subtract(taken);
        }
        if (overdraft.add(left).compareTo(OVERDRAFT_LIMIT) >= 0) {
            return new Deduction(true, available, List.of(), BigDecimal.ZERO);
        }
        for (Draw draw : draws) {
            ModelLot lot = lots.get(draw.lotId());
            lots.put(lot.lotId(), lot.withPointsLeft(lot.pointsLeft().subtract(draw.points())));
        }
        overdraft = overdraft.add(left);
        record(transactionId, points.negate());
        return new Deduction(false, available, List.copyOf(draws), left);
    }

    /** Closes the lot if it is due at now with points left; empty when there is nothing to. */
    public Optional<Expiry> expire(String lotId, Instant now) {
        ModelLot lot = lots.get(lotId);
        if (lot == null || lot.pointsLeft().signum() == 0 || !lot.isExpiredAt(now)) {
            return Optional.empty();
        }
        BigDecimal repaid = lot.pointsLeft().min(overdraft);
        BigDecimal removed = lot.pointsLeft().subtract(repaid);
        overdraft = overdraft.subtract(repaid);
        lots.put(lotId, lot.withPointsLeft(BigDecimal.ZERO));
        String transactionId = expiryTransactionIdOfLot.apply(lotId);
        if (removed.signum() > 0) {
            record(transactionId, removed.negate());
        }
        return Optional.of(new Expiry(lotId, transactionId, removed, repaid, lot.validTo()));
    }

    /** Active points at now less the overdraft. */
    public BigDecimal balanceAt(Instant now) {
        return sumOf(lot -> lot.isActiveAt(now)).subtract(overdraft);
    }

    /** Points of lots whose validFrom is still ahead of now. */
    public BigDecimal pendingAt(Instant now) {
        return sumOf(lot -> lot.isPendingAt(now));
    }

    /** The earliest validTo of active lots with points left; empty when none expires. */
    public Optional<Instant> balanceExpiresAt(Instant now) {
        return lots.values().stream()
                .filter(lot -> lot.isActiveAt(now) && lot.pointsLeft().signum() > 0)
                .map(ModelLot::validTo).filter(Objects::nonNull)
                .min(Comparator.naturalOrder());
    }

    public BigDecimal overdraft() {
        return overdraft;
    }

    /** Every lot ever opened, used up and expired ones with zero left. */
    public Map<String, ModelLot> lots() {
        return Collections.unmodifiableMap(lots);
    }

    /** The lots that still hold points. */
    public Map<String, ModelLot> openLots() {
        Map<String, ModelLot> open = new LinkedHashMap<>();
        lots.forEach((lotId, lot) -> {
            if (lot.pointsLeft().signum() > 0) {
                open.put(lotId, lot);
            }
        });
        return open;
    }

    /** Every transaction id, in order, with its signed amount; expiries included. */
    public Map<String, BigDecimal> transactions() {
        return Collections.unmodifiableMap(transactions);
    }

    /** The soonest validTo after now among lots with points left. */
    public Optional<Instant> nextValidToAfter(Instant now) {
        return openLots().values().stream().map(ModelLot::validTo)
                .filter(validTo -> validTo != null && validTo.isAfter(now))
                .min(Comparator.naturalOrder());
    }

    private List<ModelLot> activeInDrawingOrder(Instant now) {
        Comparator<ModelLot> soonestExpiryFirst = Comparator.comparing(ModelLot::validTo,
                Comparator.nullsLast(Comparator.<Instant>naturalOrder()));
        return lots.values().stream()
                .filter(lot -> lot.isActiveAt(now) && lot.pointsLeft().signum() > 0)
                .sorted(soonestExpiryFirst.thenComparing(ModelLot::validFrom)
                        .thenComparing(ModelLot::lotId))
                .toList();
    }

    private BigDecimal sumOf(Predicate<ModelLot> counted) {
        return lots.values().stream().filter(counted).map(ModelLot::pointsLeft)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private void record(String transactionId, BigDecimal amount) {
        require(transactions.put(transactionId, amount) == null,
                "transaction " + transactionId + " twice");
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
