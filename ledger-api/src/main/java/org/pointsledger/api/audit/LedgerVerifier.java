package org.pointsledger.api.audit;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pointsledger.api.audit.Verification.Difference;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.eventstore.EventStoreReader;
import org.pointsledger.eventstore.RecordedEvent;
import org.pointsledger.projections.balances.AccountQueries;
import org.pointsledger.projections.balances.AccountView;
import org.pointsledger.projections.balances.LotView;
import org.pointsledger.projections.transactions.TransactionQueries;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Re-computes an account's hash chain and its balance, lots and transactions from its events,
 * and compares them with the read models and the account resource.
 */
@Service
class LedgerVerifier {

    /** At most this many differences are listed; the answer says when there were more. */
    static final int DIFFERENCES_MAX = 100;

    private final EventStoreReader events;
    private final AccountQueries accounts;
    private final TransactionQueries transactions;
    private final Clock clock;

    LedgerVerifier(EventStoreReader events, AccountQueries accounts,
                   TransactionQueries transactions, Clock clock) {
        this.events = events;
        this.accounts = accounts;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Empty when the store holds no event of the account. Events and read models are read in
     * one repeatable-read transaction, so a write landing meanwhile is not a difference.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Optional<Verification> verify(String accountId) {
        Instant now = clock.instant();
        ChainCheck chain = new ChainCheck(accountId);
        ReplayedAccount replayed = new ReplayedAccount(AccountId.parse(accountId));
        List<Difference> differences = new ArrayList<>();
        long count = events.forEach(accountId, event -> {
            chain.accept(event);
            if (differences.isEmpty()) {
                replay(replayed, event, differences);
            }
            return true;
        });
        if (count == 0) {
            return Optional.empty();
        }
        if (differences.isEmpty()) {
            compare(accountId, replayed, now, differences);
        }
        boolean truncated = differences.size() > DIFFERENCES_MAX;
        List<Difference> listed = truncated ? differences.subList(0, DIFFERENCES_MAX)
                : differences;
        return Optional.of(new Verification(accountId,
                chain.firstBrokenLink().isEmpty() && differences.isEmpty(), now, count,
                chain.chainedEvents(), chain.unchainedEvents(), chain.lastHash(),
                chain.firstBrokenLink().orElse(null), List.copyOf(listed), truncated));
    }

    /** Folds one event in; an event that cannot be read or folded is itself the difference. */
    private void replay(ReplayedAccount replayed, RecordedEvent event,
                        List<Difference> differences) {
        try {
            replayed.apply(events.event(event));
        } catch (RuntimeException e) {
            differences.add(new Difference("event", Long.toString(event.sequenceNumber()),
                    "replay", null, "cannot be replayed: " + e.getMessage()));
        }
    }

    private void compare(String accountId, ReplayedAccount replayed, Instant now,
                         List<Difference> differences) {
        Optional<BigDecimal> overdraft = accounts.overdraftOf(accountId);
        if (overdraft.isEmpty()) {
            differences.add(new Difference("account", accountId, "exists", null, "true"));
            return;
        }
        amount(differences, "account", accountId, "overdraft", overdraft.get(),
                replayed.state().overdraft());
        compareLots(accounts.lotsOf(accountId), replayed, differences);
        Map<String, BigDecimal> stored = transactions.amountsOf(accountId);
        compareAmounts("transaction", "amount", stored, replayed.state().transactions(),
                differences);
        AccountView resource = accounts.byId(accountId, now).orElseThrow();
        amount(differences, "resource", accountId, "balance", resource.balance(),
                replayed.balanceAt(now));
        amount(differences, "resource", accountId, "pendingPoints", resource.pendingPoints(),
                replayed.pendingAt(now));
        Instant expires = replayed.balanceExpiresAt(now);
        if (!Objects.equals(resource.balanceExpires(), expires)) {
            differences.add(new Difference("resource", accountId, "balanceExpires",
                    Objects.toString(resource.balanceExpires(), null),
                    Objects.toString(expires, null)));
        }
    }

    private static void compareLots(Map<String, LotView> stored, ReplayedAccount replayed,
                                    List<Difference> differences) {
        Map<String, BigDecimal> storedPoints = new LinkedHashMap<>();
        stored.forEach((lotId, lot) -> storedPoints.put(lotId, lot.pointsRemaining()));
        Map<String, BigDecimal> replayedPoints = new LinkedHashMap<>();
        replayed.state().lots().forEach((lotId, lot) -> {
            replayedPoints.put(lotId, lot.points());
            LotView row = stored.get(lotId);
            if (row != null && !Objects.equals(row.validTo(), lot.validTo())) {
                differences.add(new Difference("lot", lotId, "validTo",
                        Objects.toString(row.validTo(), null),
                        Objects.toString(lot.validTo(), null)));
            }
        });
        compareAmounts("lot", "pointsLeft", storedPoints, replayedPoints, differences);
    }

    private static void compareAmounts(String subject, String field,
                                       Map<String, BigDecimal> stored,
                                       Map<String, BigDecimal> replayed,
                                       List<Difference> differences) {
        replayed.forEach((id, amount) -> amount(differences, subject, id, field, stored.get(id),
                amount));
        stored.forEach((id, amount) -> {
            if (!replayed.containsKey(id)) {
                differences.add(new Difference(subject, id, field, plain(amount), null));
            }
        });
    }

    private static void amount(List<Difference> differences, String subject, String id,
                               String field, BigDecimal stored, BigDecimal replayed) {
        if (stored == null || stored.compareTo(replayed) != 0) {
            differences.add(new Difference(subject, id, field, plain(stored), plain(replayed)));
        }
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.stripTrailingZeros().toPlainString();
    }
}
