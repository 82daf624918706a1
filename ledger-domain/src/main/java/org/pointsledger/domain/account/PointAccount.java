package org.pointsledger.domain.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * One contact's points of one definition: the open lots and any overdraft.
 *
 * <p>Command handlers guard, then apply events; the event-sourcing handler only folds each
 * event into the account's {@link AccountState}, the one fold every reader of events shares.
 * Every decision reads the injected {@link Clock}. Only open lots (points left) are kept, so
 * the state, and a snapshot of it, stays as small as what the account still holds.
 */
public class PointAccount {

    /** The overdraft, where allowed at all, stays below this (the limit of any amount). */
    static final BigDecimal OVERDRAFT_LIMIT = Points.ABSOLUTE_AMOUNT_LIMIT;

    @AggregateIdentifier
    private String accountId;
    /**
     * Open lots by lot id (a lot leaves when its points are used up or expire) and the points
     * owed beyond them. Unwrapped, so a snapshot keeps the fields the aggregate had before it
     * held its state here ({@code accountId}, {@code openLots}, {@code overdraft}), and the
     * snapshots already stored read back unchanged.
     */
    @JsonUnwrapped
    private AccountState state = AccountState.current();

    /** For Axon, which rebuilds the account from its events or its snapshot. */
    PointAccount() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(OpenAccount command, Clock clock) {
        if (accountId != null) {
            return false;
        }
        apply(new AccountOpened(command.accountId(), command.contactId(),
                command.definitionId(), clock.instant()));
        return true;
    }

    @CommandHandler
    public void handle(AddTransaction command, Clock clock) {
        record(command.transaction(), command.negativeBalanceAllowed(), clock.instant());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public BulkAddResult handle(BulkAdd command, Clock clock) {
        Instant now = clock.instant();
        if (accountId == null) {
            apply(new AccountOpened(command.accountId(), command.contactId(),
                    command.definitionId(), now));
        }
        List<BulkAddResult.RefusedItem> refused = new ArrayList<>();
        Set<String> transactionIds = new HashSet<>();
        List<TransactionDetails> items = command.items();
        for (int position = 0; position < items.size(); position++) {
            TransactionDetails item = items.get(position);
            if (!transactionIds.add(item.transactionId())) {
                refused.add(new BulkAddResult.RefusedItem(position,
                        "transactionId " + item.transactionId() + " appears twice"));
                continue;
            }
            try {
                record(item, command.negativeBalanceAllowed(), now);
            } catch (LedgerRuleViolation | IllegalArgumentException e) {
                refused.add(new BulkAddResult.RefusedItem(position, e.getMessage()));
            }
        }
        return new BulkAddResult(refused);
    }

    @CommandHandler
    public boolean handle(ExpireLot command, Clock clock) {
        Instant now = clock.instant();
        Lot lot = state.lots().get(command.lotId());
        if (lot == null || !lot.isExpiredAt(now)) {
            return false;
        }
        expire(lot, now);
        return true;
    }

    /** Closes an expired lot: its points settle the overdraft first, the rest expire. */
    private void expire(Lot lot, Instant now) {
        BigDecimal repaid = lot.points().min(state.overdraft());
        apply(new PointsExpired(accountId(), TransactionIds.expiryOf(lot.lotId()), lot.lotId(),
                lot.points().subtract(repaid), repaid, lot.validTo(), now));
    }

    private void record(TransactionDetails transaction, boolean negativeBalanceAllowed,
                        Instant now) {
        guardWellFormed(transaction);
        boolean opensLot = transaction.amount().signum() > 0;
        if (opensLot) {
            openLot(transaction, now);
        } else {
            draw(transaction, negativeBalanceAllowed, now);
        }
    }

    private static void guardWellFormed(TransactionDetails transaction) {
        String amountProblem = Points.problemWith(transaction.amount());
        if (amountProblem != null) {
            throw new InvalidTransactionException("amount " + amountProblem);
        }
        int sign = transaction.amount().signum();
        if (transaction.type() == TransactionType.Addition && sign < 0) {
            throw new InvalidTransactionException("an Addition's amount must be positive");
        }
        if (transaction.type() == TransactionType.Deduction && sign > 0) {
            throw new InvalidTransactionException("a Deduction's amount must be negative");
        }
        if (transaction.validTo() != null
                && !transaction.validTo().isAfter(transaction.validFrom())) {
            throw new InvalidTransactionException("validTo must be after validFrom");
        }
    }

    private void openLot(TransactionDetails transaction, Instant now) {
        if (state.lots().containsKey(transaction.transactionId())) {
            throw new LedgerRuleViolation("transactionId " + transaction.transactionId()
                    + " is already used on this account");
        }
        Lot lot = new Lot(transaction.transactionId(), transaction.amount(),
                transaction.validFrom(), transaction.validTo());
        BigDecimal repaid = lot.isActiveAt(now) ? lot.points().min(state.overdraft())
                : BigDecimal.ZERO;
        Lot opened = lot.withPoints(lot.points().subtract(repaid));
        if (transaction.type() == TransactionType.Adjustment) {
            apply(new PointsAdjusted(accountId(), transaction, opened, repaid, List.of(),
                    BigDecimal.ZERO, now));
        } else {
            apply(new PointsAdded(accountId(), transaction, opened, repaid, now));
        }
        if (opened.isExpiredAt(now) && opened.points().signum() > 0) {
            expire(opened, now);
        }
    }

    private void draw(TransactionDetails transaction, boolean negativeBalanceAllowed,
                      Instant now) {
        BigDecimal requested = transaction.amount().negate();
        BigDecimal available = state.balanceAt(now);
        if (requested.compareTo(available) > 0 && !negativeBalanceAllowed) {
            throw new InsufficientPointsException(requested, available);
        }
        LotAllocation allocation = LotAllocation.draw(state.lots().values(), requested, now);
        if (state.overdraft().add(allocation.shortfall()).compareTo(OVERDRAFT_LIMIT) >= 0) {
            throw new LedgerRuleViolation("The balance may not go as low as -10^12");
        }
        if (transaction.type() == TransactionType.Adjustment) {
            apply(new PointsAdjusted(accountId(), transaction, null, BigDecimal.ZERO,
                    allocation.draws(), allocation.shortfall(), now));
        } else {
            apply(new PointsDeducted(accountId(), transaction, allocation.draws(),
                    allocation.shortfall(), now));
        }
    }

    private AccountId accountId() {
        return AccountId.parse(accountId);
    }

    /** The account's id comes with its first event; everything else is the fold's. */
    @EventSourcingHandler
    void on(PointAccountEvent event) {
        if (event instanceof AccountOpened opened) {
            accountId = opened.accountId().toString();
        }
        state.apply(event);
    }

    /** Open lots, for tests and invariant checks. */
    Map<String, Lot> openLots() {
        return Map.copyOf(state.lots());
    }

    BigDecimal overdraft() {
        return state.overdraft();
    }
}
