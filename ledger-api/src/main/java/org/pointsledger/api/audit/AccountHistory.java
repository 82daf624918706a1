package org.pointsledger.api.audit;

import java.time.Instant;
import java.util.Optional;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.PointAccountEvent;
import org.pointsledger.eventstore.EventStoreReader;
import org.springframework.stereotype.Service;

/**
 * An account as it stood at an instant, replayed from the event store alone (never from the
 * read models).
 *
 * <p>"As it stood at t" means: every event the ledger had recorded by t, by the ledger's own
 * clock ({@code recordedAt} in each event, the clock the account resource reads balances
 * with), not the client's {@code transactionDate}, which may be back-dated. The replay takes
 * the account's events in sequence order and stops at the first one recorded after t, so what
 * it folds is always a prefix of the history; pending points and expiry are then judged at t
 * exactly as the account resource judged them at t.
 */
@Service
class AccountHistory {

    private final EventStoreReader events;

    AccountHistory(EventStoreReader events) {
        this.events = events;
    }

    /**
     * The account with every event recorded at or before {@code asOf} (every event, when
     * null); empty when it had none then.
     */
    Optional<ReplayedAccount> asOf(String accountId, Instant asOf) {
        ReplayedAccount account = new ReplayedAccount(AccountId.parse(accountId));
        events.forEach(accountId, recorded -> {
            PointAccountEvent event = events.event(recorded);
            if (asOf != null && event.recordedAt().isAfter(asOf)) {
                return false;
            }
            account.apply(event);
            return true;
        });
        return account.eventCount() == 0 ? Optional.empty() : Optional.of(account);
    }
}
