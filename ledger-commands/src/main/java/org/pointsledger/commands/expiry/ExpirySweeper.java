package org.pointsledger.commands.expiry;

import java.time.Clock;
import java.util.Optional;
import org.axonframework.modelling.command.ConcurrencyException;
import org.pointsledger.commands.LedgerCommands;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.ExpireLot;
import org.pointsledger.projections.balances.AccountQueries;
import org.pointsledger.projections.balances.DueLot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the expiry transaction of every lot that reached its validTo with points left.
 *
 * <p>The schedule is durable because it is the data: a due lot is a row of the lot table with
 * points left and {@code valid_to <= now}, so lots that expired while the service was down, or
 * whose sweep was cut short by a crash, are simply due at the next sweep. Each lot is claimed
 * with a row lock and expires in its own transaction, so nodes share the work; and the
 * aggregate ignores a lot that is already closed, so a repeat after a crash writes nothing.
 * A lot whose account another writer appended to meanwhile (a lost append race) is rolled
 * back and claimed again at once, in a fresh transaction (see LedgerCommands.sendOnce).
 */
@Component
public class ExpirySweeper {

    /** Bounds one sweep, so a flood of due lots cannot hold the scheduler thread forever. */
    static final int EXPIRY_SWEEP_LOTS_MAX = 10_000;
    /** Lost append races (another writer of the same account) one lot may meet in a sweep. */
    static final int EXPIRY_RACES_PER_LOT_MAX = 15;
    static final String CAUSED_BY = "expiry-sweeper";
    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);

    private enum Outcome { EXPIRED, LEFT_DUE, RACE_LOST, NONE_DUE }

    private final AccountQueries accounts;
    private final LedgerCommands ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ExpirySweeper(AccountQueries accounts, LedgerCommands ledger,
                  TransactionTemplate transactions, Clock clock) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${ledger.expiry.sweep-interval:5s}",
            initialDelayString = "${ledger.expiry.sweep-interval:5s}")
    void sweepOnSchedule() {
        try {
            sweepDueLots();
        } catch (RuntimeException e) {
            LOG.warn("Expiry sweep failed; the due lots stay due for the next sweep", e);
        }
    }

    /** Expires every lot that is due now; answers how many expiry transactions it wrote. */
    public int sweepDueLots() {
        int expired = 0;
        int leftDue = 0;
        int racesLost = 0;
        for (int lot = 0; lot < EXPIRY_SWEEP_LOTS_MAX; lot++) {
            Outcome outcome = expireNextDueLot(leftDue);
            if (outcome == Outcome.NONE_DUE) {
                break;
            }
            if (outcome == Outcome.RACE_LOST && racesLost < EXPIRY_RACES_PER_LOT_MAX) {
                // Rolled back, lock released: claim again, in a fresh transaction.
                racesLost++;
                continue;
            }
            racesLost = 0;
            if (outcome == Outcome.EXPIRED) {
                expired++;
            } else {
                leftDue++;
            }
        }
        if (expired > 0) {
            LOG.info("Expired {} lots", expired);
        }
        return expired;
    }

    /**
     * Claims the next due lot and expires it in the same database transaction, so the lock
     * keeps other nodes off the lot until its expiry is committed. A lot that fails is logged
     * and stays due for the next sweep; it never blocks the lots behind it.
     */
    private Outcome expireNextDueLot(int skipped) {
        try {
            return transactions.execute(status -> {
                Optional<DueLot> lot = accounts.claimDueLot(clock.instant(), skipped);
                if (lot.isEmpty()) {
                    return Outcome.NONE_DUE;
                }
                boolean written = ledger.sendOnce(new ExpireLot(
                        AccountId.parse(lot.get().accountId()), lot.get().lotId()), CAUSED_BY);
                return written ? Outcome.EXPIRED : Outcome.LEFT_DUE;
            });
        } catch (ConcurrencyException e) {
            LOG.debug("Lost an append race expiring a lot; claiming again", e);
            return Outcome.RACE_LOST;
        } catch (RuntimeException e) {
            LOG.warn("Could not expire a due lot; it stays due for the next sweep", e);
            return Outcome.LEFT_DUE;
        }
    }
}
