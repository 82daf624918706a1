package org.pointsledger.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pointsledger.domain.testing.MutableClock;

/** Proves the fold folds an account's events into its balance, lots and transactions. */
class AccountStateTest {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant LATER = START.plus(Duration.ofDays(10));
    private static final AccountId ACCOUNT_ID = AccountId.of("replay-contact", 1);
    private static final AccountOpened OPENED =
            new AccountOpened(ACCOUNT_ID, "replay-contact", 1, START);

    @Test
    void replay_answersBalanceLotsAndTransactions_whenAdditionsDeductionsAndExpiriesFold() {
        PointsAdded shortLived = added("add-1", "100", START.plus(Duration.ofDays(5)), "0");
        PointsAdded forever = added("add-2", "50", null, "0");
        PointsDeducted deducted = new PointsDeducted(ACCOUNT_ID,
                details("deduct-1", TransactionType.Deduction, "-120", null),
                List.of(new LotDraw("add-1", new BigDecimal("100")),
                        new LotDraw("add-2", new BigDecimal("20"))),
                BigDecimal.ZERO, START);
        PointsAdded pending = added("add-3", "7.5", null, "0", START.plus(Duration.ofDays(20)));

        AccountState replay = AccountState.of(ACCOUNT_ID,
                List.of(OPENED, shortLived, forever, deducted, pending));

        assertThat(replay.balanceAt(LATER)).isEqualByComparingTo("30");
        assertThat(replay.pendingAt(LATER)).isEqualByComparingTo("7.5");
        assertThat(replay.lots().get("add-1").points()).isEqualByComparingTo("0");
        assertThat(replay.lots().get("add-2").points()).isEqualByComparingTo("30");
        assertThat(replay.transactions()).containsOnlyKeys("add-1", "add-2", "deduct-1", "add-3");
        assertThat(replay.transactions().get("deduct-1")).isEqualByComparingTo("-120");
        assertThat(replay.eventCount()).isEqualTo(5);
    }

    @Test
    void replay_recordsTheExpiryTransactionAndSettlesOverdraft_whenALotExpires() {
        PointsDeducted overdrawn = new PointsDeducted(ACCOUNT_ID,
                details("deduct-1", TransactionType.Deduction, "-10", null), List.of(),
                new BigDecimal("10"), START);
        PointsAdded pendingLot = added("add-1", "25", START.plus(Duration.ofDays(2)), "0",
                START.plus(Duration.ofDays(1)));
        PointsExpired expired = new PointsExpired(ACCOUNT_ID, TransactionIds.expiryOf("add-1"),
                "add-1", new BigDecimal("15"), new BigDecimal("10"), START.plus(Duration.ofDays(2)),
                START.plus(Duration.ofDays(2)));

        AccountState replay = AccountState.of(ACCOUNT_ID,
                List.of(OPENED, overdrawn, pendingLot, expired));

        assertThat(replay.overdraft()).isEqualByComparingTo("0");
        assertThat(replay.balanceAt(LATER)).isEqualByComparingTo("0");
        assertThat(replay.lots().get("add-1").points()).isEqualByComparingTo("0");
        assertThat(replay.transactions().get(TransactionIds.expiryOf("add-1")))
                .isEqualByComparingTo("-15");
    }

    @Test
    void replay_refusesADraw_whenTheLotDoesNotHoldThePoints() {
        PointsDeducted tooMuch = new PointsDeducted(ACCOUNT_ID,
                details("deduct-1", TransactionType.Deduction, "-11", null),
                List.of(new LotDraw("add-1", new BigDecimal("11"))), BigDecimal.ZERO, START);

        assertThatThrownBy(() -> AccountState.of(ACCOUNT_ID,
                List.of(OPENED, added("add-1", "10", null, "0"), tooMuch)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a draw of 11 from lot add-1 holding 10");
    }

    @Test
    void replay_refusesATransaction_whenItsIdWasRecordedBefore() {
        assertThatThrownBy(() -> AccountState.of(ACCOUNT_ID, List.of(OPENED,
                added("add-1", "10", null, "0"), added("add-1", "10", null, "0"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction add-1 a second time");
    }

    @Test
    void replay_refusesAnEvent_whenItBelongsToAnotherAccount() {
        AccountState replay = AccountState.history(AccountId.of("someone-else", 1));

        assertThatThrownBy(() -> replay.apply(OPENED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("an event of account " + ACCOUNT_ID);
    }

    /**
     * The aggregate once opened a positive adjustment's lot and also took its (empty) draws,
     * where the replay opened it or drew: the same on every event the aggregate writes, since
     * it writes one half or the other. Both now fold through AccountState; this pins that the
     * aggregate, sourced from these events, and the fold hold the same lots and overdraft.
     */
    @Test
    void aggregateAndFold_holdTheSameState_whenAdjustmentsOpenLotsDrawAndRepayOverdraft() {
        List<PointAccountEvent> events = List.of(OPENED, added("add-1", "30", null, "0"),
                adjusted("j-1", "25", "0"),
                adjustedDown("j-2", "-40", "0", new LotDraw("add-1", new BigDecimal("30")),
                        new LotDraw("j-1", new BigDecimal("10"))),
                adjustedDown("j-3", "-20", "5", new LotDraw("j-1", new BigDecimal("15"))),
                adjusted("j-4", "10", "5"));

        AccountState fold = AccountState.of(ACCOUNT_ID, events);
        PointAccount aggregate = new PointAccountFixture(ACCOUNT_ID, new MutableClock(LATER))
                .given(events.toArray()).state();

        Lot left = new Lot("j-4", new BigDecimal("5"), START, null);
        assertThat(fold.openLots()).isEqualTo(Map.of("j-4", left));
        assertThat(aggregate.openLots()).isEqualTo(fold.openLots());
        assertThat(fold.overdraft()).isEqualByComparingTo("0");
        assertThat(aggregate.overdraft()).isEqualByComparingTo(fold.overdraft());
        assertThat(fold.balanceAt(LATER)).isEqualByComparingTo("5");
        assertThat(fold.lots().get("add-1").points()).isEqualByComparingTo("0");
        assertThat(fold.transactions()).containsOnlyKeys("add-1", "j-1", "j-2", "j-3", "j-4");
        assertThat(fold.openingOf("j-4").orElseThrow().amount()).isEqualByComparingTo("10");
    }

    /**
     * The aggregate never writes an adjustment with both halves. A history refuses one, so that
     * verification reports it; the aggregate's state, which must load whatever its stream
     * holds, reads it as opensLot() says, like the balance projection.
     */
    @Test
    void adjustment_isRefusedByTheHistoryAndOnlyOpensInTheAggregate_whenItBothOpensAndDraws() {
        PointsAdjusted both = new PointsAdjusted(ACCOUNT_ID,
                details("j-2", TransactionType.Adjustment, "5", null),
                new Lot("j-2", new BigDecimal("5"), START, null), BigDecimal.ZERO,
                List.of(new LotDraw("add-1", new BigDecimal("5"))), BigDecimal.ZERO, START);
        List<PointAccountEvent> events = List.of(OPENED, added("add-1", "10", null, "0"), both);

        assertThatThrownBy(() -> AccountState.of(ACCOUNT_ID, events))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("adjustment j-2 both opening a lot and drawing");
        PointAccount aggregate = new PointAccountFixture(ACCOUNT_ID, new MutableClock(LATER))
                .given(events.toArray()).state();
        assertThat(aggregate.openLots().keySet()).containsExactlyInAnyOrder("add-1", "j-2");
        assertThat(aggregate.openLots().get("add-1").points()).isEqualByComparingTo("10");
    }

    @Test
    void expiryTransaction_isADeductionOfThePointsRemoved_whenTheExpiryRemovedPoints() {
        Instant expiredAt = START.plus(Duration.ofDays(2));
        PointsExpired expired = new PointsExpired(ACCOUNT_ID, TransactionIds.expiryOf("add-1"),
                "add-1", new BigDecimal("15"), new BigDecimal("10"), expiredAt, LATER);

        assertThat(expired.transaction()).contains(new TransactionDetails(
                TransactionIds.expiryOf("add-1"), TransactionType.Deduction,
                new BigDecimal("-15"), "Automation", "@@(RemovedDueToTimeLimit)", expiredAt,
                expiredAt, null, null, null));
    }

    @Test
    void expiryTransaction_isNone_whenTheExpiryOnlySettledOverdraft() {
        PointsExpired settledOnly = new PointsExpired(ACCOUNT_ID, TransactionIds.expiryOf("add-1"),
                "add-1", BigDecimal.ZERO, new BigDecimal("10"), START, LATER);

        assertThat(settledOnly.transaction()).isEqualTo(Optional.empty());
    }

    private static PointsAdjusted adjusted(String id, String amount, String overdraftRepaid) {
        BigDecimal points = new BigDecimal(amount).subtract(new BigDecimal(overdraftRepaid));
        return new PointsAdjusted(ACCOUNT_ID, details(id, TransactionType.Adjustment, amount,
                null), new Lot(id, points, START, null), new BigDecimal(overdraftRepaid),
                List.of(), BigDecimal.ZERO, START);
    }

    private static PointsAdjusted adjustedDown(String id, String amount, String overdraftIncurred,
                                               LotDraw... draws) {
        return new PointsAdjusted(ACCOUNT_ID, details(id, TransactionType.Adjustment, amount,
                null), null, BigDecimal.ZERO, List.of(draws), new BigDecimal(overdraftIncurred),
                START);
    }

    private static PointsAdded added(String id, String amount, Instant validTo,
                                     String overdraftRepaid) {
        return added(id, amount, validTo, overdraftRepaid, START);
    }

    private static PointsAdded added(String id, String amount, Instant validTo,
                                     String overdraftRepaid, Instant validFrom) {
        BigDecimal points = new BigDecimal(amount).subtract(new BigDecimal(overdraftRepaid));
        return new PointsAdded(ACCOUNT_ID, details(id, TransactionType.Addition, amount, validTo,
                validFrom), new Lot(id, points, validFrom, validTo),
                new BigDecimal(overdraftRepaid), START);
    }

    private static TransactionDetails details(String id, TransactionType type, String amount,
                                              Instant validTo) {
        return details(id, type, amount, validTo, START);
    }

    private static TransactionDetails details(String id, TransactionType type, String amount,
                                              Instant validTo, Instant validFrom) {
        return new TransactionDetails(id, type, new BigDecimal(amount), "Purchase", "replayed",
                validFrom, validFrom, validTo, null, "fingerprint-" + id);
    }
}
