package org.pointsledger.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pointsledger.domain.testing.MutableClock;

/** Proves each PointAccount command's allowed case, rejected case and the boundary between them. */
class PointAccountTest {

    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");
    private static final Instant EARLIER = NOW.minus(Duration.ofDays(60));
    private static final String CONTACT_ID = "contact-1";
    private static final int DEFINITION_ID = 1;
    private static final AccountId ACCOUNT_ID = AccountId.of(CONTACT_ID, DEFINITION_ID);
    private static final AccountOpened OPENED =
            new AccountOpened(ACCOUNT_ID, CONTACT_ID, DEFINITION_ID, EARLIER);

    private final MutableClock clock = new MutableClock(NOW);
    private PointAccountFixture fixture;

    @BeforeEach
    void createFixture() {
        fixture = new PointAccountFixture(ACCOUNT_ID, clock);
    }

    // Opening

    @Test
    void openAccount_recordsAccountOpened_whenAccountIsNew() {
        fixture.given()
                .when(OpenAccount.of(CONTACT_ID, DEFINITION_ID))
                .expectEvents(new AccountOpened(ACCOUNT_ID, CONTACT_ID, DEFINITION_ID, NOW))
                .expectResultMessagePayload(true);
    }

    @Test
    void openAccount_recordsNothing_whenAccountIsAlreadyOpen() {
        fixture.given(OPENED)
                .when(OpenAccount.of(CONTACT_ID, DEFINITION_ID))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    // Additions

    @Test
    void add_opensLot_whenAdditionIsActive() {
        TransactionDetails addition = addition("t-1", "719.7", NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)));

        fixture.given(OPENED)
                .when(add(addition))
                .expectEvents(added(addition, NOW))
                .expectResultMessagePayload(null)
                .expectState(account -> assertThat(account.openLots())
                        .containsOnly(entry("t-1", lotOf(addition))));
    }

    @Test
    void add_opensPendingLot_whenValidFromIsAhead() {
        TransactionDetails addition = addition("t-1", "50", NOW.plus(Duration.ofDays(1)), null);

        fixture.given(OPENED)
                .when(add(addition))
                .expectEvents(added(addition, NOW))
                .expectState(account -> assertThat(account.openLots()).containsKey("t-1"));
    }

    @Test
    void add_expiresLotAtOnce_whenValidToHasPassed() {
        Instant validTo = NOW.minus(Duration.ofDays(1));
        TransactionDetails addition = addition("t-1", "70", NOW.minus(Duration.ofDays(60)),
                validTo);

        fixture.given(OPENED)
                .when(add(addition))
                .expectEvents(added(addition, NOW), new PointsExpired(ACCOUNT_ID,
                        TransactionIds.expiryOf("t-1"), "t-1", new BigDecimal("70"),
                        BigDecimal.ZERO, validTo, NOW))
                .expectState(account -> assertThat(account.openLots()).isEmpty());
    }

    @Test
    void add_expiresLotAtOnce_whenValidToIsExactlyNow() {
        TransactionDetails addition = addition("t-1", "70", NOW.minus(Duration.ofDays(60)), NOW);

        fixture.given(OPENED)
                .when(add(addition))
                .expectEvents(added(addition, NOW), new PointsExpired(ACCOUNT_ID,
                        TransactionIds.expiryOf("t-1"), "t-1", new BigDecimal("70"),
                        BigDecimal.ZERO, NOW, NOW));
    }

    @Test
    void add_keepsLot_whenValidToIsJustAhead() {
        TransactionDetails addition = addition("t-1", "70", NOW.minus(Duration.ofDays(60)),
                NOW.plusNanos(1));

        fixture.given(OPENED)
                .when(add(addition))
                .expectEvents(added(addition, NOW));
    }

    @Test
    void add_fails_whenTransactionIdIsAnOpenLotOfThisAccount() {
        TransactionDetails first = addition("t-1", "100", NOW.minus(Duration.ofDays(1)), null);
        TransactionDetails again = addition("t-1", "5", NOW.minus(Duration.ofDays(1)), null);

        LedgerRuleViolation refused = fixture.given(OPENED, added(first, EARLIER))
                .when(add(again))
                .expectException(LedgerRuleViolation.class);
        assertThat(refused).hasMessageContaining("t-1");
    }

    @Test
    void add_fails_whenAccountDoesNotExist() {
        fixture.given()
                .when(add(addition("t-1", "10", NOW, null)))
                .expectException(AggregateNotFoundException.class);
    }

    // Deductions: the lots below are added in an order that differs from their consumption order.

    private static final TransactionDetails EXPIRES_IN_TEN_DAYS = addition("lot-a", "30",
            NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(10)));
    private static final TransactionDetails NEVER_EXPIRES = addition("lot-b", "50",
            NOW.minus(Duration.ofDays(30)), null);
    private static final TransactionDetails EXPIRES_IN_FIVE_DAYS = addition("lot-c", "20",
            NOW.minus(Duration.ofDays(20)), NOW.plus(Duration.ofDays(5)));
    private static final TransactionDetails PENDING = addition("lot-p", "100",
            NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(60)));
    private static final TransactionDetails EXPIRED_NOT_YET_REMOVED = addition("lot-e", "40",
            NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofHours(1)));

    /** Active balance 100 (a 30 + b 50 + c 20); 100 pending and 40 expired do not count. */
    private static Object[] accountWithMixedLots() {
        return new Object[] {OPENED,
            added(EXPIRES_IN_TEN_DAYS, EARLIER), added(NEVER_EXPIRES, EARLIER),
            added(EXPIRES_IN_FIVE_DAYS, EARLIER), added(PENDING, EARLIER),
            added(EXPIRED_NOT_YET_REMOVED, EARLIER)};
    }

    @Test
    void deduct_drawsSoonestExpiringLotFirstAndNeverExpiringLast_whenLotsAreMixed() {
        TransactionDetails deduction = deduction("d-1", "-60");

        fixture.given(accountWithMixedLots())
                .when(deduct(deduction, false))
                .expectEvents(new PointsDeducted(ACCOUNT_ID, deduction, List.of(
                        draw("lot-c", "20"), draw("lot-a", "30"), draw("lot-b", "10")),
                        BigDecimal.ZERO, NOW))
                .expectState(account -> {
                    assertThat(account.openLots().keySet())
                            .containsExactlyInAnyOrder("lot-b", "lot-p", "lot-e");
                    assertThat(account.openLots().get("lot-b").points())
                            .isEqualByComparingTo("40");
                    assertThat(account.openLots().get("lot-p")).isEqualTo(lotOf(PENDING));
                    assertThat(account.openLots().get("lot-e"))
                            .isEqualTo(lotOf(EXPIRED_NOT_YET_REMOVED));
                });
    }

    @Test
    void deduct_drawsEarlierValidFromFirst_whenLotsExpireTogether() {
        Instant validTo = NOW.plus(Duration.ofDays(3));
        TransactionDetails younger = addition("lot-1", "10", NOW.minus(Duration.ofDays(1)),
                validTo);
        TransactionDetails older = addition("lot-2", "10", NOW.minus(Duration.ofDays(2)),
                validTo);
        TransactionDetails deduction = deduction("d-1", "-15");

        fixture.given(OPENED, added(younger, EARLIER), added(older, EARLIER))
                .when(deduct(deduction, false))
                .expectEvents(new PointsDeducted(ACCOUNT_ID, deduction,
                        List.of(draw("lot-2", "10"), draw("lot-1", "5")), BigDecimal.ZERO, NOW));
    }

    @Test
    void deduct_succeeds_whenItTakesExactlyTheActiveBalance() {
        TransactionDetails deduction = deduction("d-1", "-100");

        fixture.given(accountWithMixedLots())
                .when(deduct(deduction, false))
                .expectEvents(new PointsDeducted(ACCOUNT_ID, deduction, List.of(
                        draw("lot-c", "20"), draw("lot-a", "30"), draw("lot-b", "50")),
                        BigDecimal.ZERO, NOW))
                .expectState(account -> assertThat(account.openLots().keySet())
                        .containsExactlyInAnyOrder("lot-p", "lot-e"));
    }

    @Test
    void deduct_fails_whenBalanceIsTooLow() {
        InsufficientPointsException refusal = fixture.given(accountWithMixedLots())
                .when(deduct(deduction("d-1", "-100.0001"), false))
                .expectException(InsufficientPointsException.class);

        assertThat(refusal.availableBalance()).isEqualByComparingTo("100");
        assertThat(refusal).hasMessage("Insufficient points: 100.0001 requested, 100 available");
    }

    @Test
    void deduct_fails_whenOnlyPendingAndExpiredPointsAreLeft() {
        InsufficientPointsException refusal = fixture.given(OPENED, added(PENDING, EARLIER),
                        added(EXPIRED_NOT_YET_REMOVED, EARLIER))
                .when(deduct(deduction("d-1", "-1"), false))
                .expectException(InsufficientPointsException.class);

        assertThat(refusal.availableBalance()).isEqualByComparingTo("0");
    }

    @Test
    void deduct_drawsFromLot_whenClockIsExactlyAtItsValidFrom() {
        TransactionDetails startsNow = addition("lot-n", "10", NOW, null);
        TransactionDetails deduction = deduction("d-1", "-10");

        fixture.given(OPENED, added(startsNow, EARLIER))
                .when(deduct(deduction, false))
                .expectEvents(new PointsDeducted(ACCOUNT_ID, deduction,
                        List.of(draw("lot-n", "10")), BigDecimal.ZERO, NOW));
    }

    @Test
    void deduct_fails_whenTheOnlyLotStartsJustAfterNow() {
        TransactionDetails startsLater = addition("lot-n", "10", NOW.plusNanos(1), null);

        InsufficientPointsException refusal = fixture.given(OPENED, added(startsLater, EARLIER))
                .when(deduct(deduction("d-1", "-10"), false))
                .expectException(InsufficientPointsException.class);

        assertThat(refusal.availableBalance()).isEqualByComparingTo("0");
    }

    // Negative balances

    private static final TransactionDetails THIRTY_ACTIVE = addition("lot-a", "30",
            NOW.minus(Duration.ofDays(1)), null);
    private static final TransactionDetails OVERDRAWING = deduction("d-1", "-50");
    private static final PointsDeducted OVERDRAWN = new PointsDeducted(ACCOUNT_ID, OVERDRAWING,
            List.of(draw("lot-a", "30")), new BigDecimal("20"), EARLIER);

    @Test
    void deduct_incursOverdraft_whenNegativeBalanceIsAllowed() {
        fixture.given(OPENED, added(THIRTY_ACTIVE, EARLIER))
                .when(deduct(OVERDRAWING, true))
                .expectEvents(new PointsDeducted(ACCOUNT_ID, OVERDRAWING,
                        List.of(draw("lot-a", "30")), new BigDecimal("20"), NOW))
                .expectState(account -> {
                    assertThat(account.openLots()).isEmpty();
                    assertThat(account.overdraft()).isEqualByComparingTo("20");
                });
    }

    @Test
    void deduct_fails_whenTheOverdraftWouldReachItsLimit() {
        TransactionDetails largest = deduction("d-1", "-999999999999.9999");
        TransactionDetails oneMore = deduction("d-2", "-0.0001");

        fixture.given(OPENED, new PointsDeducted(ACCOUNT_ID, largest, List.of(),
                        new BigDecimal("999999999999.9999"), EARLIER))
                .when(deduct(oneMore, true))
                .expectException(LedgerRuleViolation.class);
    }

    @Test
    void deduct_fails_whenNegativeBalanceIsNotAllowed() {
        InsufficientPointsException refusal = fixture.given(OPENED, added(THIRTY_ACTIVE, EARLIER))
                .when(deduct(OVERDRAWING, false))
                .expectException(InsufficientPointsException.class);

        assertThat(refusal.availableBalance()).isEqualByComparingTo("30");
    }

    @Test
    void deduct_fails_whenAccountIsOverdrawnAndNegativeBalanceIsNotAllowed() {
        InsufficientPointsException refusal = fixture
                .given(OPENED, added(THIRTY_ACTIVE, EARLIER), OVERDRAWN)
                .when(deduct(deduction("d-2", "-1"), false))
                .expectException(InsufficientPointsException.class);

        assertThat(refusal.availableBalance()).isEqualByComparingTo("-20");
    }

    @Test
    void add_repaysOverdraftFirst_whenAdditionIsActive() {
        TransactionDetails addition = addition("t-2", "50", NOW.minus(Duration.ofHours(1)), null);

        fixture.given(OPENED, added(THIRTY_ACTIVE, EARLIER), OVERDRAWN)
                .when(add(addition))
                .expectEvents(new PointsAdded(ACCOUNT_ID, addition,
                        lotOf(addition).withPoints(new BigDecimal("30")), new BigDecimal("20"),
                        NOW))
                .expectState(account -> {
                    assertThat(account.overdraft()).isEqualByComparingTo("0");
                    assertThat(account.openLots().get("t-2").points()).isEqualByComparingTo("30");
                });
    }

    @Test
    void add_repaysPartOfOverdraftAndOpensNoLot_whenAdditionIsSmallerThanOverdraft() {
        TransactionDetails addition = addition("t-2", "5", NOW.minus(Duration.ofHours(1)), null);

        fixture.given(OPENED, added(THIRTY_ACTIVE, EARLIER), OVERDRAWN)
                .when(add(addition))
                .expectEvents(new PointsAdded(ACCOUNT_ID, addition,
                        lotOf(addition).withPoints(new BigDecimal("0")), new BigDecimal("5"), NOW))
                .expectState(account -> {
                    assertThat(account.overdraft()).isEqualByComparingTo("15");
                    assertThat(account.openLots()).isEmpty();
                });
    }

    @Test
    void add_leavesOverdraft_whenAdditionIsPending() {
        TransactionDetails addition = addition("t-2", "50", NOW.plus(Duration.ofDays(1)), null);

        fixture.given(OPENED, added(THIRTY_ACTIVE, EARLIER), OVERDRAWN)
                .when(add(addition))
                .expectEvents(added(addition, NOW))
                .expectState(account -> assertThat(account.overdraft())
                        .isEqualByComparingTo("20"));
    }

    /** Its points were never active here, so they do not repay at once, but on expiry. */
    @Test
    void add_settlesOverdraftOnExpiry_whenAdditionHasAlreadyExpired() {
        Instant validTo = NOW.minus(Duration.ofDays(1));
        TransactionDetails addition = addition("t-2", "50", NOW.minus(Duration.ofDays(9)),
                validTo);

        fixture.given(OPENED, added(THIRTY_ACTIVE, EARLIER), OVERDRAWN)
                .when(add(addition))
                .expectEvents(added(addition, NOW), new PointsExpired(ACCOUNT_ID,
                        TransactionIds.expiryOf("t-2"), "t-2", new BigDecimal("30"),
                        new BigDecimal("20"), validTo, NOW))
                .expectState(account -> assertThat(account.overdraft()).isZero());
    }

    /** A pending lot that became active and then expired leaves the balance at zero. */
    @Test
    void expireLot_settlesOverdraftFirst_whenTheAccountIsOverdrawn() {
        Instant validTo = NOW.minus(Duration.ofHours(1));
        TransactionDetails pendingWhenAdded = addition("t-3", "100",
                NOW.minus(Duration.ofDays(2)), validTo);
        TransactionDetails overdrawing = deduction("d-9", "-100");

        fixture.given(OPENED, new PointsDeducted(ACCOUNT_ID, overdrawing, List.of(),
                        new BigDecimal("100"), EARLIER),
                        added(pendingWhenAdded, EARLIER))
                .when(new ExpireLot(ACCOUNT_ID, "t-3"))
                .expectEvents(new PointsExpired(ACCOUNT_ID, TransactionIds.expiryOf("t-3"), "t-3",
                        BigDecimal.ZERO, new BigDecimal("100"), validTo, NOW))
                .expectState(account -> {
                    assertThat(account.openLots()).isEmpty();
                    assertThat(account.overdraft()).isZero();
                });
    }

    // Adjustments

    @Test
    void adjust_opensLot_whenAmountIsPositive() {
        TransactionDetails adjustment = adjustment("j-1", "25.5");

        fixture.given(OPENED)
                .when(add(adjustment))
                .expectEvents(new PointsAdjusted(ACCOUNT_ID, adjustment, lotOf(adjustment),
                        BigDecimal.ZERO, List.of(), BigDecimal.ZERO, NOW))
                .expectState(account -> assertThat(account.openLots())
                        .containsOnly(entry("j-1", lotOf(adjustment))));
    }

    @Test
    void adjust_drawsFromLots_whenAmountIsNegative() {
        TransactionDetails adjustment = adjustment("j-1", "-40");

        fixture.given(OPENED, added(EXPIRES_IN_TEN_DAYS, EARLIER), added(NEVER_EXPIRES, EARLIER))
                .when(add(adjustment))
                .expectEvents(new PointsAdjusted(ACCOUNT_ID, adjustment, null, BigDecimal.ZERO,
                        List.of(draw("lot-a", "30"), draw("lot-b", "10")), BigDecimal.ZERO, NOW));
    }

    @Test
    void adjust_fails_whenNegativeAmountExceedsBalance() {
        InsufficientPointsException refusal = fixture
                .given(OPENED, added(EXPIRES_IN_TEN_DAYS, EARLIER))
                .when(add(adjustment("j-1", "-31")))
                .expectException(InsufficientPointsException.class);

        assertThat(refusal.availableBalance()).isEqualByComparingTo("30");
    }

    // Expiry

    @Test
    void expireLot_removesWhatIsLeft_whenLotIsDue() {
        fixture.given(OPENED, added(EXPIRED_NOT_YET_REMOVED, EARLIER),
                        new PointsDeducted(ACCOUNT_ID, deduction("d-1", "-15"),
                                List.of(draw("lot-e", "15")), BigDecimal.ZERO, EARLIER))
                .when(new ExpireLot(ACCOUNT_ID, "lot-e"))
                .expectEvents(new PointsExpired(ACCOUNT_ID, TransactionIds.expiryOf("lot-e"),
                        "lot-e", new BigDecimal("25"), BigDecimal.ZERO,
                        EXPIRED_NOT_YET_REMOVED.validTo(), NOW))
                .expectResultMessagePayload(true)
                .expectState(account -> assertThat(account.openLots()).isEmpty());
    }

    @Test
    void expireLot_removesLot_whenClockIsExactlyAtValidTo() {
        clock.set(EXPIRES_IN_FIVE_DAYS.validTo());

        fixture.given(OPENED, added(EXPIRES_IN_FIVE_DAYS, EARLIER))
                .when(new ExpireLot(ACCOUNT_ID, "lot-c"))
                .expectEvents(new PointsExpired(ACCOUNT_ID, TransactionIds.expiryOf("lot-c"),
                        "lot-c", new BigDecimal("20"), BigDecimal.ZERO,
                        EXPIRES_IN_FIVE_DAYS.validTo(),
                        EXPIRES_IN_FIVE_DAYS.validTo()));
    }

    @Test
    void expireLot_recordsNothing_whenLotIsNotYetDue() {
        clock.set(EXPIRES_IN_FIVE_DAYS.validTo().minusNanos(1));

        fixture.given(OPENED, added(EXPIRES_IN_FIVE_DAYS, EARLIER))
                .when(new ExpireLot(ACCOUNT_ID, "lot-c"))
                .expectNoEvents()
                .expectResultMessagePayload(false)
                .expectState(account -> assertThat(account.openLots()).containsKey("lot-c"));
    }

    @Test
    void expireLot_recordsNothing_whenLotNeverExpires() {
        clock.advance(Duration.ofDays(100_000));

        fixture.given(OPENED, added(NEVER_EXPIRES, EARLIER))
                .when(new ExpireLot(ACCOUNT_ID, "lot-b"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void expireLot_recordsNothing_whenLotHasAlreadyExpired() {
        fixture.given(OPENED, added(EXPIRED_NOT_YET_REMOVED, EARLIER),
                        new PointsExpired(ACCOUNT_ID, TransactionIds.expiryOf("lot-e"), "lot-e",
                                new BigDecimal("40"), BigDecimal.ZERO,
                                EXPIRED_NOT_YET_REMOVED.validTo(),
                                EARLIER))
                .when(new ExpireLot(ACCOUNT_ID, "lot-e"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void expireLot_recordsNothing_whenLotWasUsedUp() {
        fixture.given(OPENED, added(EXPIRED_NOT_YET_REMOVED, EARLIER),
                        new PointsDeducted(ACCOUNT_ID, deduction("d-1", "-40"),
                                List.of(draw("lot-e", "40")), BigDecimal.ZERO, EARLIER))
                .when(new ExpireLot(ACCOUNT_ID, "lot-e"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void expireLot_recordsNothing_whenLotIsUnknown() {
        fixture.given(OPENED)
                .when(new ExpireLot(ACCOUNT_ID, "no-such-lot"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    // Bulk

    @Test
    void bulkAdd_opensAccountAndRefusesOnlyBadItems_whenAccountIsMissing() {
        TransactionDetails first = addition("t-1", "100", NOW.minus(Duration.ofDays(1)), null);
        TransactionDetails overDraw = deduction("t-2", "-150");
        TransactionDetails duplicate = addition("t-1", "20", NOW, null);
        TransactionDetails deduction = deduction("t-3", "-40");
        TransactionDetails zero = addition("t-4", "0", NOW, null);
        BulkAdd bulk = new BulkAdd(ACCOUNT_ID, CONTACT_ID, DEFINITION_ID,
                List.of(first, overDraw, duplicate, deduction, zero), false);

        fixture.given()
                .when(bulk)
                .expectEvents(new AccountOpened(ACCOUNT_ID, CONTACT_ID, DEFINITION_ID, NOW),
                        added(first, NOW), new PointsDeducted(ACCOUNT_ID, deduction,
                                List.of(draw("t-1", "40")), BigDecimal.ZERO, NOW))
                .expectState(account -> assertThat(account.openLots().get("t-1").points())
                        .isEqualByComparingTo("60"))
                .expectResultMessagePayload(new BulkAddResult(List.of(
                        new BulkAddResult.RefusedItem(1,
                                "Insufficient points: 150 requested, 100 available"),
                        new BulkAddResult.RefusedItem(2, "transactionId t-1 appears twice"),
                        new BulkAddResult.RefusedItem(4, "amount must not be zero"))));
    }

    @Test
    void bulkAdd_doesNotReopen_whenAccountExists() {
        TransactionDetails addition = addition("t-1", "10", NOW, null);

        fixture.given(OPENED)
                .when(new BulkAdd(ACCOUNT_ID, CONTACT_ID, DEFINITION_ID, List.of(addition), false))
                .expectEvents(added(addition, NOW))
                .expectResultMessagePayload(new BulkAddResult(List.of()));
    }

    @Test
    void bulkAdd_incursOverdraft_whenNegativeBalanceIsAllowed() {
        TransactionDetails deduction = deduction("t-1", "-5");

        fixture.given(OPENED)
                .when(new BulkAdd(ACCOUNT_ID, CONTACT_ID, DEFINITION_ID, List.of(deduction), true))
                .expectEvents(new PointsDeducted(ACCOUNT_ID, deduction, List.of(),
                        new BigDecimal("5"), NOW))
                .expectResultMessagePayload(new BulkAddResult(List.of()));
    }

    // Malformed input

    static Stream<Arguments> malformedTransactions() {
        return Stream.of(
                Arguments.of(addition("t-1", "0", NOW, null), "amount must not be zero"),
                Arguments.of(addition("t-1", "1.00001", NOW, null),
                        "amount must have at most 4 fractional digits"),
                Arguments.of(addition("t-1", "1000000000000", NOW, null),
                        "amount must have an absolute value below 10^12"),
                Arguments.of(deduction("t-1", "-1000000000000"),
                        "amount must have an absolute value below 10^12"),
                Arguments.of(transaction("t-1", TransactionType.Addition, "-5", NOW, null),
                        "an Addition's amount must be positive"),
                Arguments.of(transaction("t-1", TransactionType.Deduction, "5", NOW, null),
                        "a Deduction's amount must be negative"),
                Arguments.of(addition("t-1", "5", NOW, NOW), "validTo must be after validFrom"),
                Arguments.of(addition("t-1", "5", NOW, NOW.minusNanos(1)),
                        "validTo must be after validFrom"));
    }

    @ParameterizedTest
    @MethodSource("malformedTransactions")
    void record_fails_whenTransactionIsMalformed(TransactionDetails transaction, String message) {
        IllegalArgumentException refusal = fixture.given(OPENED, added(NEVER_EXPIRES, EARLIER))
                .when(addTransaction(transaction, true))
                .expectException(IllegalArgumentException.class);

        assertThat(refusal).hasMessage(message);
    }

    @Test
    void add_succeeds_whenAmountHasFourFractionalDigitsAndIsJustBelowTheLimit() {
        TransactionDetails addition = addition("t-1", "999999999999.9999", NOW, null);

        fixture.given(OPENED)
                .when(add(addition))
                .expectEvents(added(addition, NOW));
    }

    @Test
    void add_succeeds_whenValidToIsJustAfterValidFrom() {
        TransactionDetails addition = addition("t-1", "0.0001", NOW, NOW.plusNanos(1));

        fixture.given(OPENED)
                .when(add(addition))
                .expectEvents(added(addition, NOW));
    }

    // Builders

    private static AddTransaction add(TransactionDetails transaction) {
        return addTransaction(transaction, false);
    }

    private static AddTransaction deduct(TransactionDetails transaction,
                                         boolean negativeBalanceAllowed) {
        return addTransaction(transaction, negativeBalanceAllowed);
    }

    private static AddTransaction addTransaction(TransactionDetails transaction,
                                                 boolean negativeBalanceAllowed) {
        return new AddTransaction(ACCOUNT_ID, transaction, negativeBalanceAllowed);
    }

    private static TransactionDetails addition(String transactionId, String amount,
                                               Instant validFrom, Instant validTo) {
        return transaction(transactionId, TransactionType.Addition, amount, validFrom, validTo);
    }

    private static TransactionDetails deduction(String transactionId, String amount) {
        return transaction(transactionId, TransactionType.Deduction, amount, NOW, null);
    }

    private static TransactionDetails adjustment(String transactionId, String amount) {
        return transaction(transactionId, TransactionType.Adjustment, amount, NOW, null);
    }

    private static TransactionDetails transaction(String transactionId, TransactionType type,
                                                  String amount, Instant validFrom,
                                                  Instant validTo) {
        return new TransactionDetails(transactionId, type, new BigDecimal(amount), "Purchase",
                "@@(Bonus.Points) - Slim Fit T-shirt", validFrom, validFrom, validTo, null,
                "fingerprint-" + transactionId);
    }

    private static Lot lotOf(TransactionDetails addition) {
        return new Lot(addition.transactionId(), addition.amount(), addition.validFrom(),
                addition.validTo());
    }

    private static PointsAdded added(TransactionDetails addition, Instant recordedAt) {
        return new PointsAdded(ACCOUNT_ID, addition, lotOf(addition), BigDecimal.ZERO,
                recordedAt);
    }

    private static LotDraw draw(String lotId, String points) {
        return new LotDraw(lotId, new BigDecimal(points));
    }
}
