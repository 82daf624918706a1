package org.pointsledger.domain.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;

/** Proves random additions, deductions, expiries and clock moves keep every ledger invariant. */
class LedgerArithmeticProperties {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final String CONTACT_ID = "contact-1";
    private static final int DEFINITION_ID = 1;
    private static final AccountId ACCOUNT_ID = AccountId.of(CONTACT_ID, DEFINITION_ID);
    private static final int STEPS_MAX = 30;
    private static final BigDecimal SMALLEST_AMOUNT = new BigDecimal("0.0001");
    private static final RecursiveComparisonConfiguration EXACT_DECIMALS =
            RecursiveComparisonConfiguration.builder()
                    .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                    .build();

    @Property(tries = 200)
    void everyStep_keepsTheLedgerInvariants(@ForAll("steps") List<Step> steps,
                                            @ForAll NegativeBalancePolicy policy) {
        MutableClock clock = new MutableClock(START);
        PointAccountFixture fixture = new PointAccountFixture(ACCOUNT_ID, clock);
        fixture.given(new AccountOpened(ACCOUNT_ID, CONTACT_ID, DEFINITION_ID, START));
        Ledger ledger = new Ledger(fixture, clock, new Model(), policy);
        PointAccount account = fixture.state();
        for (int index = 0; index < steps.size(); index++) {
            Map<String, Lot> lotsBefore = account.openLots();
            StepResult result = ledger.take(steps.get(index), "t-" + index);
            account = fixture.state();
            assertStepKeptInvariants(ledger, lotsBefore, result, account, clock.instant());
            assertReplayEqualsAccount(fixture.recordedEvents(), account, clock.instant());
        }
    }

    /** The events alone, folded by AccountState, say what the aggregate holds. */
    private static void assertReplayEqualsAccount(List<Object> events, PointAccount account,
                                                  Instant now) {
        AccountState replay = AccountState.of(ACCOUNT_ID, events.stream()
                .map(PointAccountEvent.class::cast).toList());
        BigDecimal balance = activePoints(account.openLots().values(), now)
                .subtract(account.overdraft());
        assertThat(replay.balanceAt(now)).as("replayed balance").isEqualByComparingTo(balance);
        assertThat(replay.overdraft()).as("replayed overdraft")
                .isEqualByComparingTo(account.overdraft());
        Map<String, Lot> replayedOpenLots = new LinkedHashMap<>();
        replay.lots().forEach((lotId, lot) -> {
            if (lot.points().signum() > 0) {
                replayedOpenLots.put(lotId, lot);
            }
        });
        assertThat(replayedOpenLots).as("replayed lots with points left")
                .usingRecursiveComparison(EXACT_DECIMALS).isEqualTo(account.openLots());
    }

    private static void assertStepKeptInvariants(Ledger ledger, Map<String, Lot> lotsBefore,
                                                 StepResult result, PointAccount account,
                                                 Instant now) {
        for (Object event : result.events()) {
            assertAmountsAddUp(event);
            assertDrawsTakeOnlyActivePointsThatExist(event, lotsBefore, now);
            if (!result.negativeBalanceAllowed()) {
                assertNoOverdraftIncurred(event);
            }
        }
        for (Lot lot : account.openLots().values()) {
            assertThat(lot.points()).as("points left in open lot %s", lot.lotId())
                    .isPositive();
        }
        BigDecimal balance = activePoints(account.openLots().values(), now)
                .subtract(account.overdraft());
        assertThat(balance).as("balance").isEqualByComparingTo(ledger.model.balance(now));
        assertThat(account.openLots()).as("open lots")
                .usingRecursiveComparison(EXACT_DECIMALS)
                .isEqualTo(ledger.model.openLots());
        if (!result.negativeBalanceAllowed() && result.drewPoints()) {
            assertThat(balance).as("balance after a draw that forbids it").isNotNegative();
        }
        if (ledger.policy() == NegativeBalancePolicy.NEVER) {
            assertThat(balance).as("balance without negative balances").isNotNegative();
            assertThat(account.overdraft()).as("overdraft").isZero();
        }
    }

    private static void assertNoOverdraftIncurred(Object event) {
        BigDecimal incurred = event instanceof PointsDeducted deducted
                ? deducted.overdraftIncurred()
                : event instanceof PointsAdjusted adjusted ? adjusted.overdraftIncurred()
                : BigDecimal.ZERO;
        assertThat(incurred).as("overdraft incurred where it is not allowed").isZero();
    }

    /** Draws plus overdraft cover a deduction exactly; a lot plus repayment is its addition. */
    private static void assertAmountsAddUp(Object event) {
        if (event instanceof PointsDeducted deducted) {
            assertDrawsCover(deducted.transaction(), deducted.draws(),
                    deducted.overdraftIncurred());
        } else if (event instanceof PointsAdjusted adjusted && adjusted.lot() == null) {
            assertDrawsCover(adjusted.transaction(), adjusted.draws(),
                    adjusted.overdraftIncurred());
        } else if (event instanceof PointsAdjusted adjusted) {
            assertThat(adjusted.draws()).isEmpty();
            assertThat(adjusted.overdraftIncurred()).isZero();
            assertLotCovers(adjusted.transaction(), adjusted.lot(), adjusted.overdraftRepaid());
        } else if (event instanceof PointsAdded added) {
            assertLotCovers(added.transaction(), added.lot(), added.overdraftRepaid());
        } else if (event instanceof PointsExpired expired) {
            assertThat(expired.points()).as("expired points").isNotNegative();
            assertThat(expired.overdraftRepaid()).as("overdraft repaid on expiry")
                    .isNotNegative();
            assertThat(expired.points().add(expired.overdraftRepaid()))
                    .as("what the lot had left").isPositive();
            assertThat(expired.transactionId())
                    .isEqualTo(TransactionIds.expiryOf(expired.lotId()));
        }
    }

    private static void assertDrawsCover(TransactionDetails transaction, List<LotDraw> draws,
                                         BigDecimal overdraftIncurred) {
        assertThat(overdraftIncurred).as("overdraft incurred").isNotNegative();
        BigDecimal covered = overdraftIncurred;
        for (LotDraw draw : draws) {
            assertThat(draw.points()).as("points drawn from %s", draw.lotId()).isPositive();
            covered = covered.add(draw.points());
        }
        assertThat(covered).as("draws plus overdraft of %s", transaction.transactionId())
                .isEqualByComparingTo(transaction.amount().negate());
    }

    private static void assertLotCovers(TransactionDetails transaction, Lot lot,
                                        BigDecimal overdraftRepaid) {
        assertThat(overdraftRepaid).as("overdraft repaid").isNotNegative();
        assertThat(lot.points()).as("points of lot %s", lot.lotId()).isNotNegative();
        assertThat(lot.points().add(overdraftRepaid)).as("lot plus repayment")
                .isEqualByComparingTo(transaction.amount());
    }

    private static void assertDrawsTakeOnlyActivePointsThatExist(Object event,
                                                                  Map<String, Lot> lotsBefore,
                                                                  Instant now) {
        List<LotDraw> draws = event instanceof PointsDeducted deducted ? deducted.draws()
                : event instanceof PointsAdjusted adjusted ? adjusted.draws() : List.of();
        for (LotDraw draw : draws) {
            Lot lot = lotsBefore.get(draw.lotId());
            assertThat(lot).as("open lot %s before the draw", draw.lotId()).isNotNull();
            assertThat(lot.isPendingAt(now)).as("lot %s is pending", lot.lotId()).isFalse();
            assertThat(lot.isExpiredAt(now)).as("lot %s has expired", lot.lotId()).isFalse();
            assertThat(draw.points()).as("draw from %s", lot.lotId())
                    .isLessThanOrEqualTo(lot.points());
        }
    }

    private static BigDecimal activePoints(Iterable<Lot> lots, Instant now) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Lot lot : lots) {
            if (!lot.validFrom().isAfter(now) && (lot.validTo() == null
                    || now.isBefore(lot.validTo()))) {
                sum = sum.add(lot.points());
            }
        }
        return sum;
    }

    /**
     * Whether a deduction may take the balance below zero. The definition's setting can change
     * (PUT definitions), so an overdrawn account can meet a deduction that forbids it.
     */
    enum NegativeBalancePolicy {
        NEVER, ALWAYS, CHANGES_BETWEEN_STEPS;

        boolean allows(boolean stepChoice) {
            return this == ALWAYS || (this == CHANGES_BETWEEN_STEPS && stepChoice);
        }
    }

    /** The events of one step, and whether its command allowed a negative balance. */
    private record StepResult(List<Object> events, boolean negativeBalanceAllowed) {

        static final StepResult NOTHING = new StepResult(List.of(), true);

        boolean drewPoints() {
            return events.stream().anyMatch(event -> event instanceof PointsDeducted
                    || event instanceof PointsAdjusted adjusted && adjusted.lot() == null);
        }
    }

    /** Runs one step on the aggregate and checks it did exactly what the model predicts. */
    private record Ledger(PointAccountFixture fixture, MutableClock clock, Model model,
                          NegativeBalancePolicy policy) {

        StepResult take(Step step, String transactionId) {
            Instant now = clock.instant();
            if (step instanceof Add add) {
                return record(add.transaction(transactionId, now), policy.allows(false));
            } else if (step instanceof Deduct deduct) {
                return record(deduct.transaction(transactionId, now),
                        policy.allows(deduct.negativeBalanceAllowed()));
            } else if (step instanceof DeductNearBalance near) {
                BigDecimal amount = model.balance(now).add(near.offset());
                Deduct deduct = new Deduct(amount, false, near.negativeBalanceAllowed());
                return amount.signum() > 0 ? take(deduct, transactionId) : StepResult.NOTHING;
            } else if (step instanceof Expire expire) {
                String lotId = model.chooseLot(expire.lotChoice());
                return new StepResult(expect(new ExpireLot(ACCOUNT_ID, lotId),
                        model.expire(lotId, now)), true);
            } else if (step instanceof MoveClock move) {
                clock.advance(Duration.ofMinutes(move.minutes()));
            } else if (step instanceof MoveToNextValidTo move) {
                model.nextValidToAfter(now)
                        .ifPresent(validTo -> clock.set(validTo.minusNanos(move.nanosEarly())));
            }
            return StepResult.NOTHING;
        }

        private StepResult record(TransactionDetails transaction,
                                  boolean negativeBalanceAllowed) {
            Instant now = clock.instant();
            AddTransaction command = new AddTransaction(ACCOUNT_ID, transaction,
                    negativeBalanceAllowed);
            if (transaction.amount().signum() > 0) {
                return new StepResult(expect(command, model.add(transaction, now)),
                        negativeBalanceAllowed);
            }
            BigDecimal available = model.balance(now);
            if (transaction.amount().negate().compareTo(available) > 0
                    && !negativeBalanceAllowed) {
                InsufficientPointsException refusal = fixture.when(command)
                        .expectException(InsufficientPointsException.class);
                assertThat(refusal.availableBalance()).isEqualByComparingTo(available);
                return new StepResult(List.of(), false);
            }
            return new StepResult(expect(command, model.draw(transaction, now)),
                    negativeBalanceAllowed);
        }

        private List<Object> expect(PointAccountCommand command, List<Object> expected) {
            List<Object> events = fixture.when(command).expectSuccessfulHandlerExecution()
                    .events();
            assertThat(events).as("events of %s", command)
                    .usingRecursiveFieldByFieldElementComparator(EXACT_DECIMALS)
                    .containsExactlyElementsOf(expected);
            return events;
        }
    }

    /**
     * The ledger as the contract's section "Time" describes it, written apart from the
     * aggregate: lots pending before validFrom, active until validTo, drawn soonest expiry first
     * (ties: earlier validFrom, then lot id), never-expiring last; an active addition first
     * repays what a negative balance owes.
     */
    private static final class Model {

        private final Map<String, Lot> openLots = new LinkedHashMap<>();
        private final List<String> everyLotId = new ArrayList<>();
        private BigDecimal overdraft = BigDecimal.ZERO;

        Map<String, Lot> openLots() {
            return openLots;
        }

        BigDecimal balance(Instant now) {
            return activePoints(openLots.values(), now).subtract(overdraft);
        }

        List<Object> add(TransactionDetails transaction, Instant now) {
            String lotId = transaction.transactionId();
            boolean pending = now.isBefore(transaction.validFrom());
            boolean expired = transaction.validTo() != null
                    && !now.isBefore(transaction.validTo());
            BigDecimal repaid = pending || expired ? BigDecimal.ZERO
                    : transaction.amount().min(overdraft);
            overdraft = overdraft.subtract(repaid);
            Lot lot = new Lot(lotId, transaction.amount().subtract(repaid),
                    transaction.validFrom(), transaction.validTo());
            everyLotId.add(lotId);
            List<Object> events = new ArrayList<>();
            events.add(transaction.type() == TransactionType.Adjustment
                    ? new PointsAdjusted(ACCOUNT_ID, transaction, lot, repaid, List.of(),
                            BigDecimal.ZERO, now)
                    : new PointsAdded(ACCOUNT_ID, transaction, lot, repaid, now));
            if (lot.points().signum() > 0 && expired) {
                events.add(expiryOf(lot, now));
            } else if (lot.points().signum() > 0) {
                openLots.put(lotId, lot);
            }
            return events;
        }

        List<Object> draw(TransactionDetails transaction, Instant now) {
            BigDecimal left = transaction.amount().negate();
            List<LotDraw> draws = new ArrayList<>();
            for (Lot lot : activeInConsumptionOrder(now)) {
                if (left.signum() == 0) {
                    break;
                }
                BigDecimal taken = lot.points().min(left);
                draws.add(new LotDraw(lot.lotId(), taken));
                left = left.subtract(taken);
                BigDecimal remaining = lot.points().subtract(taken);
                if (remaining.signum() == 0) {
                    openLots.remove(lot.lotId());
                } else {
                    openLots.put(lot.lotId(), new Lot(lot.lotId(), remaining, lot.validFrom(),
                            lot.validTo()));
                }
            }
            overdraft = overdraft.add(left);
            return List.of(transaction.type() == TransactionType.Adjustment
                    ? new PointsAdjusted(ACCOUNT_ID, transaction, null, BigDecimal.ZERO, draws,
                            left, now)
                    : new PointsDeducted(ACCOUNT_ID, transaction, draws, left, now));
        }

        private List<Lot> activeInConsumptionOrder(Instant now) {
            Comparator<Lot> soonestExpiryFirst = Comparator.comparing(Lot::validTo,
                    Comparator.nullsLast(Comparator.<Instant>naturalOrder()));
            return openLots.values().stream()
                    .filter(lot -> !now.isBefore(lot.validFrom()))
                    .filter(lot -> lot.validTo() == null || now.isBefore(lot.validTo()))
                    .sorted(soonestExpiryFirst.thenComparing(Lot::validFrom)
                            .thenComparing(Lot::lotId))
                    .toList();
        }

        List<Object> expire(String lotId, Instant now) {
            Lot lot = openLots.get(lotId);
            if (lot == null || lot.validTo() == null || now.isBefore(lot.validTo())) {
                return List.of();
            }
            openLots.remove(lotId);
            return List.of(expiryOf(lot, now));
        }

        /** An expiring lot settles the overdraft first; the rest is the expiry transaction. */
        private PointsExpired expiryOf(Lot lot, Instant now) {
            BigDecimal repaid = lot.points().min(overdraft);
            overdraft = overdraft.subtract(repaid);
            return new PointsExpired(ACCOUNT_ID, TransactionIds.expiryOf(lot.lotId()),
                    lot.lotId(), lot.points().subtract(repaid), repaid, lot.validTo(), now);
        }

        /** Any lot ever opened, open or not, or a lot id the account never had. */
        String chooseLot(int choice) {
            int index = choice % (everyLotId.size() + 1);
            return index == everyLotId.size() ? "no-such-lot" : everyLotId.get(index);
        }

        Optional<Instant> nextValidToAfter(Instant now) {
            return openLots.values().stream().map(Lot::validTo)
                    .filter(validTo -> validTo != null && validTo.isAfter(now))
                    .min(Comparator.naturalOrder());
        }
    }

    // Steps

    sealed interface Step permits Add, Deduct, DeductNearBalance, Expire, MoveClock,
            MoveToNextValidTo {
    }

    /** An addition (or positive adjustment) valid from a time around now, maybe forever. */
    record Add(BigDecimal amount, int validFromMinutes, Integer validityMinutes,
               boolean adjustment) implements Step {

        TransactionDetails transaction(String transactionId, Instant now) {
            Instant validFrom = now.plus(Duration.ofMinutes(validFromMinutes));
            Instant validTo = validityMinutes == null ? null
                    : validFrom.plus(Duration.ofMinutes(validityMinutes));
            return details(transactionId, adjustment ? TransactionType.Adjustment
                    : TransactionType.Addition, amount, validFrom, validTo);
        }
    }

    /**
     * A deduction (or negative adjustment) of {@code amount}, which may exceed the balance.
     * {@code negativeBalanceAllowed} counts only where the policy changes between steps.
     */
    record Deduct(BigDecimal amount, boolean adjustment, boolean negativeBalanceAllowed)
            implements Step {

        TransactionDetails transaction(String transactionId, Instant now) {
            return details(transactionId, adjustment ? TransactionType.Adjustment
                    : TransactionType.Deduction, amount.negate(), now, null);
        }
    }

    /** A deduction of the balance plus {@code offset}: the boundary of being refused. */
    record DeductNearBalance(BigDecimal offset, boolean negativeBalanceAllowed) implements Step {
    }

    record Expire(int lotChoice) implements Step {
    }

    record MoveClock(int minutes) implements Step {
    }

    /** Moves the clock to the soonest validTo ahead, or to just before it. */
    record MoveToNextValidTo(int nanosEarly) implements Step {
    }

    private static TransactionDetails details(String transactionId, TransactionType type,
                                              BigDecimal amount, Instant validFrom,
                                              Instant validTo) {
        return new TransactionDetails(transactionId, type, amount, "Purchase", "generated",
                validFrom, validFrom, validTo, null, "fingerprint-" + transactionId);
    }

    // Generators

    @Provide
    Arbitrary<List<Step>> steps() {
        return Arbitraries.frequencyOf(
                        Tuple.of(6, additions()),
                        Tuple.of(4, deductions()),
                        Tuple.of(2, deductionsNearBalance()),
                        Tuple.of(2, Arbitraries.integers().between(0, 1000).map(Expire::new)),
                        Tuple.of(2, Arbitraries.integers().between(0, 720).map(MoveClock::new)),
                        Tuple.of(1, Arbitraries.of(0, 1).map(MoveToNextValidTo::new)))
                .list().ofMinSize(1).ofMaxSize(STEPS_MAX);
    }

    private static Arbitrary<Step> additions() {
        Arbitrary<Integer> validFromMinutes = Arbitraries.integers().between(-1440, 240);
        Arbitrary<Integer> validityMinutes = Arbitraries.integers().between(1, 1440)
                .injectNull(0.25);
        return Combinators.combine(amountsUpTo("500"), validFromMinutes, validityMinutes,
                        adjustments())
                .as(Add::new);
    }

    private static Arbitrary<Step> deductions() {
        Arbitrary<BigDecimal> amounts = Arbitraries.frequencyOf(
                Tuple.of(3, amountsUpTo("200")), Tuple.of(1, amountsUpTo("3000")));
        return Combinators.combine(amounts, adjustments(), Arbitraries.of(true, false))
                .as(Deduct::new);
    }

    private static Arbitrary<Step> deductionsNearBalance() {
        Arbitrary<BigDecimal> offsets =
                Arbitraries.of(SMALLEST_AMOUNT.negate(), BigDecimal.ZERO, SMALLEST_AMOUNT);
        return Combinators.combine(offsets, Arbitraries.of(true, false))
                .as(DeductNearBalance::new);
    }

    private static Arbitrary<Boolean> adjustments() {
        return Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true));
    }

    /** Positive amounts of 0 to 4 fractional digits, never a double on the way. */
    private static Arbitrary<BigDecimal> amountsUpTo(String max) {
        return Arbitraries.integers().between(0, Points.FRACTION_DIGITS_MAX)
                .flatMap(scale -> Arbitraries.bigDecimals()
                        .between(BigDecimal.ONE.movePointLeft(scale), new BigDecimal(max))
                        .ofScale(scale));
    }
}
