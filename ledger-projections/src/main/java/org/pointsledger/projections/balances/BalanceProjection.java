package org.pointsledger.projections.balances;

import java.math.BigDecimal;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.AccountOpened;
import org.pointsledger.domain.account.Lot;
import org.pointsledger.domain.account.LotDraw;
import org.pointsledger.domain.account.PointsAdded;
import org.pointsledger.domain.account.PointsAdjusted;
import org.pointsledger.domain.account.PointsDeducted;
import org.pointsledger.domain.account.PointsExpired;
import org.pointsledger.projections.ProcessingGroups;
import org.pointsledger.projections.ReadModelWrites;
import org.pointsledger.projections.SqlTimes;
import org.springframework.stereotype.Component;

/**
 * Keeps the account and lot tables. Every update checks that it touched the row it meant to:
 * a projection that cannot apply an event fails loudly and rolls the write back, rather than
 * silently drifting from the event store. Writes go out in batches (see ReadModelWrites).
 */
@Component
@ProcessingGroup(ProcessingGroups.READ_MODELS)
class BalanceProjection {

    private final ReadModelWrites writes;

    BalanceProjection(ReadModelWrites writes) {
        this.writes = writes;
    }

    @EventHandler
    void on(AccountOpened event) {
        writes.write("point_account", "insert into point_account (id, contact_id,"
                        + " definition_id, overdraft, opened_on) values (?, ?, ?, 0, ?)",
                event.accountId().toString(), event.contactId(), event.definitionId(),
                SqlTimes.toSql(event.recordedAt()));
    }

    @EventHandler
    void on(PointsAdded event) {
        open(event.accountId(), event.lot(), event.overdraftRepaid());
    }

    @EventHandler
    void on(PointsDeducted event) {
        take(event.accountId(), event.draws(), event.overdraftIncurred());
    }

    /** Like an addition or like a deduction, as the domain reads it (see the fold). */
    @EventHandler
    void on(PointsAdjusted event) {
        if (event.opensLot()) {
            open(event.accountId(), event.lot(), event.overdraftRepaid());
        } else {
            take(event.accountId(), event.draws(), event.overdraftIncurred());
        }
    }

    @EventHandler
    void on(PointsExpired event) {
        writes.writeOneRow("expire lot " + event.lotId(), "point_lot",
                "update point_lot set points_remaining = 0"
                        + " where lot_id = ? and account_id = ? and points_remaining = ?",
                event.lotId(), event.accountId().toString(),
                event.points().add(event.overdraftRepaid()));
        changeOverdraft(event.accountId(), event.overdraftRepaid().negate());
    }

    private void open(AccountId accountId, Lot lot, BigDecimal overdraftRepaid) {
        writes.write("point_lot", "insert into point_lot (lot_id, account_id, points_remaining,"
                        + " valid_from, valid_to, valid_to_nanos_before) values (?, ?, ?, ?, ?, ?)",
                lot.lotId(), accountId.toString(), lot.points(),
                SqlTimes.toSqlCeiling(lot.validFrom()), SqlTimes.toSqlCeiling(lot.validTo()),
                SqlTimes.nanosBeforeCeiling(lot.validTo()));
        changeOverdraft(accountId, overdraftRepaid.negate());
    }

    private void take(AccountId accountId, List<LotDraw> draws, BigDecimal overdraftIncurred) {
        for (LotDraw draw : draws) {
            writes.writeOneRow("draw " + draw.points() + " from lot " + draw.lotId(), "point_lot",
                    "update point_lot set points_remaining = points_remaining - ?"
                            + " where lot_id = ? and account_id = ? and points_remaining >= ?",
                    draw.points(), draw.lotId(), accountId.toString(), draw.points());
        }
        changeOverdraft(accountId, overdraftIncurred);
    }

    private void changeOverdraft(AccountId accountId, BigDecimal change) {
        if (change.signum() == 0) {
            return;
        }
        writes.writeOneRow("change the overdraft of " + accountId + " by " + change,
                "point_account", "update point_account set overdraft = overdraft + ?"
                        + " where id = ? and overdraft + ? >= 0",
                change, accountId.toString(), change);
    }
}
