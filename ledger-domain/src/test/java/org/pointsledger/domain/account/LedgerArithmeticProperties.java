package org.pointsledger.domain.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.pointsledger.domain.oracle.BalanceModel;
import org.pointsledger.domain.oracle.BalanceModel.ModelLot;
import org.pointsledger.domain.testing.MutableClock;

/**
 * Proves random additions, deductions, expiries and clock moves keep every ledger invariant
 * and decide exactly what the independent {@link BalanceModel} decides.
 */
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
        Ledger ledger = new Ledger(fixture, clock, new BalanceModel(TransactionIds::expiryOf),
                policy);
        PointAccount account = fixture.state();
        for (int index = 0; index < steps.size(); index++) {
            Map<String, ModelLot> lotsBefore = plain(account.openLots());
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

    private static void assertStepKeptInvariants(Ledger ledger, Map<String, ModelLot> lotsBefore,
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
        assertThat(balance).as("balance").isEqualByComparingTo(ledger.model.balanceAt(now));
        assertThat(plain(account.openLots())).as("open lots")
                .usingRecursiveComparison(EXACT_DECIMALS)
                .isEqualTo(ledger.model.openLots());
        assertThat(account.overdraft()).as("overdraft")
                .isEqualByComparingTo(ledger.model.overdraft());
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
                                                                  Map<String, ModelLot> lotsBefore,
                                                                  Instant now) {
        List<LotDraw> draws = event instanceof PointsDeducted deducted ? deducted.draws()
                : event instanceof PointsAdjusted adjusted ? adjusted.draws() : List.of();
        for (LotDraw draw : draws) {
            ModelLot lot = lotsBefore.get(draw.lotId());
            assertThat(lot).as("open lot %s before the draw", draw.lotId()).isNotNull();
            assertThat(lot.isPendingAt(now)).as("lot %s is pending", lot.lotId()).isFalse();
            assertThat(lot.isExpiredAt(now)).as("lot %s has expired", lot.lotId()).isFalse();
            assertThat(draw.points()).as("draw from %s", lot.lotId())
                    .isLessThanOrEqualTo(lot.pointsLeft());
        }
    }

    /** Active points of the aggregate's lots, judged by the model's rule, not Lot's. */
    private static BigDecimal activePoints(Collection<Lot> lots, Instant now) {
        BigDecimal sum = BigDecimal.ZERO;
        for (ModelLot lot : plain(lots).values()) {
            if (lot.isActiveAt(now)) {
                sum = sum.add(lot.pointsLeft());
            }
        }
        return sum;
    }

    private static Map<String, ModelLot> plain(Map<String, Lot> lots) {
        return plain(lots.values());
    }

    /** The aggregate's lots as plain numbers and instants, to compare with the model's. */
    private static Map<String, ModelLot> plain(Collection<Lot> lots) {
        Map<String, ModelLot> plain = new LinkedHashMap<>();
        lots.stream().sorted(Comparator.comparing(Lot::lotId)).forEach(lot ->
                plain.put(lot.lotId(), new ModelLot(lot.lotId(), lot.points(), lot.validFrom(),
                        lot.validTo())));
        return plain;
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

    /**
     * Runs one step on the aggregate and checks it emitted exactly the events that say what the
     * independent model decided: the same lots, draws, repayments, overdraft and expiries.
     */
    private record Ledger(PointAccountFixture fixture, MutableClock clock, BalanceModel model,
                          NegativeBalancePolicy policy) {

        StepResult take(Step step, String transactionId) {
            Instant now = clock.instant();
            if (step instanceof Add add) {
                return record(add.transaction(transactionId, now), policy.allows(false));
            } else if (step instanceof Deduct deduct) {
                return record(deduct.transaction(transactionId, now),
                        policy.allows(deduct.negativeBalanceAllowed()));
            } else if (step instanceof DeductNearBalance near) {
                BigDecimal amount = model.balanceAt(now).add(near.offset());
                Deduct deduct = new Deduct(amount, false, near.negativeBalanceAllowed());
                return amount.signum() > 0 ? take(deduct, transactionId) : StepResult.NOTHING;
            } else if (step instanceof Expire expire) {
                String lotId = chooseLot(expire.lotChoice());
                List<Object> expected = new ArrayList<>();
                model.expire(lotId, now).ifPresent(expiry -> expected.add(expired(expiry, now)));
                return new StepResult(expect(new ExpireLot(ACCOUNT_ID, lotId), expected), true);
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
                return new StepResult(expect(command, added(transaction, now)),
                        negativeBalanceAllowed);
            }
            BalanceModel.Deduction deduction = model.deduct(transaction.transactionId(),
                    transaction.amount().negate(), negativeBalanceAllowed, now);
            if (deduction.refused()) {
                InsufficientPointsException refusal = fixture.when(command)
                        .expectException(InsufficientPointsException.class);
                assertThat(refusal.availableBalance())
                        .isEqualByComparingTo(deduction.available());
                return new StepResult(List.of(), false);
            }
            List<LotDraw> draws = deduction.draws().stream()
                    .map(draw -> new LotDraw(draw.lotId(), draw.points())).toList();
            Object event = transaction.type() == TransactionType.Adjustment
                    ? new PointsAdjusted(ACCOUNT_ID, transaction, null, BigDecimal.ZERO, draws,
                            deduction.overdraftIncurred(), now)
                    : new PointsDeducted(ACCOUNT_ID, transaction, draws,
                            deduction.overdraftIncurred(), now);
            return new StepResult(expect(command, List.of(event)), negativeBalanceAllowed);
        }

        /** The events of an addition as the model decided it, and its expiry if due at once. */
        private List<Object> added(TransactionDetails transaction, Instant now) {
            BalanceModel.Addition addition = model.add(transaction.transactionId(),
                    transaction.amount(), transaction.validFrom(), transaction.validTo(), now);
            ModelLot opened = addition.lot();
            Lot lot = new Lot(opened.lotId(), opened.pointsLeft(), opened.validFrom(),
                    opened.validTo());
            List<Object> events = new ArrayList<>();
            events.add(transaction.type() == TransactionType.Adjustment
                    ? new PointsAdjusted(ACCOUNT_ID, transaction, lot,
                            addition.overdraftRepaid(), List.of(), BigDecimal.ZERO, now)
                    : new PointsAdded(ACCOUNT_ID, transaction, lot, addition.overdraftRepaid(),
                            now));
            addition.expiredAtOnce().ifPresent(expiry -> events.add(expired(expiry, now)));
            return events;
        }

        private static PointsExpired expired(BalanceModel.Expiry expiry, Instant now) {
            return new PointsExpired(ACCOUNT_ID, expiry.transactionId(), expiry.lotId(),
                    expiry.pointsRemoved(), expiry.overdraftRepaid(), expiry.validTo(), now);
        }

        /** Any lot ever opened, open or not, or a lot id the account never had. */
        private String chooseLot(int choice) {
            List<String> everyLotId = List.copyOf(model.lots().keySet());
            int index = choice % (everyLotId.size() + 1);
            return index == everyLotId.size() ? "no-such-lot" : everyLotId.get(index);
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
