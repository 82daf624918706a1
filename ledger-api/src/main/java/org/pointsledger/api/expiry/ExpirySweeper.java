package org.pointsledger.api.expiry;

import java.time.Clock;
import java.util.List;
import org.pointsledger.api.ledger.LedgerCommands;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.ExpireLot;
import org.pointsledger.projections.balances.AccountQueries;
import org.pointsledger.projections.balances.DueLot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Writes the expiry transaction of every lot that reached its validTo with points left.
 *
 * <p>The schedule is durable because it is the data: a due lot is a row of the lot table with
 * points left and {@code valid_to <= now}, so lots that expired while the service was down, or
 * whose sweep was cut short by a crash, are simply due at the next sweep. Each lot expires in
 * its own unit of work; the aggregate ignores a lot that is already closed, so two nodes
 * sweeping the same lot, or a repeat after a crash, write its expiry once.
 */
@Component
public class ExpirySweeper {

    /** Lots expired per query; a sweep repeats until nothing is due. */
    static final int EXPIRY_SWEEP_BATCH_MAX = 200;
    /** Bounds one sweep, so a flood of due lots cannot hold the scheduler thread forever. */
    static final int EXPIRY_SWEEP_BATCHES_MAX = 50;
    static final String CAUSED_BY = "expiry-sweeper";
    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);

    private final AccountQueries accounts;
    private final LedgerCommands ledger;
    private final Clock clock;

    ExpirySweeper(AccountQueries accounts, LedgerCommands ledger, Clock clock) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** One lot's failure is logged and leaves it due; it never blocks the other lots. */
    private boolean expire(DueLot lot) {
        try {
            return ledger.send(new ExpireLot(AccountId.parse(lot.accountId()), lot.lotId()),
                    CAUSED_BY);
        } catch (RuntimeException e) {
            LOG.warn("Could not expire lot {} of account {}; it stays due", lot.lotId(),
                    lot.accountId(), e);
            return false;
        }
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
        for (int batch = 0; batch < EXPIRY_SWEEP_BATCHES_MAX; batch++) {
            List<DueLot> due = accounts.dueLots(clock.instant(), leftDue,
                    EXPIRY_SWEEP_BATCH_MAX);
            for (DueLot lot : due) {
                if (expire(lot)) {
                    expired++;
                } else {
                    leftDue++;
                }
            }
            if (due.size() < EXPIRY_SWEEP_BATCH_MAX) {
                break;
            }
        }
        if (expired > 0) {
            LOG.info("Expired {} lots", expired);
        }
        return expired;
    }
}
