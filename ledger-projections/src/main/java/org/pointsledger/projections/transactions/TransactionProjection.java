package org.pointsledger.projections.transactions;

import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.domain.account.PointsAdded;
import org.pointsledger.domain.account.PointsAdjusted;
import org.pointsledger.domain.account.PointsDeducted;
import org.pointsledger.domain.account.PointsExpired;
import org.pointsledger.domain.account.TransactionDetails;
import org.pointsledger.projections.ProcessingGroups;
import org.pointsledger.projections.ReadModelWrites;
import org.pointsledger.projections.SqlTimes;
import org.springframework.stereotype.Component;

/** Keeps the transaction table: one row per transaction, expiry transactions included. */
@Component
@ProcessingGroup(ProcessingGroups.READ_MODELS)
class TransactionProjection {

    private final ReadModelWrites writes;

    TransactionProjection(ReadModelWrites writes) {
        this.writes = writes;
    }

    @EventHandler
    void on(PointsAdded event) {
        insert(event.accountId(), event.transaction(), event.recordedAt());
    }

    @EventHandler
    void on(PointsDeducted event) {
        insert(event.accountId(), event.transaction(), event.recordedAt());
    }

    @EventHandler
    void on(PointsAdjusted event) {
        insert(event.accountId(), event.transaction(), event.recordedAt());
    }

    /** An expiry writes a transaction only for points it removed, not for a settled overdraft. */
    @EventHandler
    void on(PointsExpired event) {
        event.transaction().ifPresent(expiry ->
                insert(event.accountId(), expiry, event.recordedAt()));
    }

    private void insert(AccountId accountId, TransactionDetails transaction, Instant recordedAt) {
        writes.write("point_transaction", "insert into point_transaction (id, account_id,"
                        + " amount, type, source, description, transaction_date,"
                        + " transaction_date_nanos_before, created_on, modified_on, valid_from,"
                        + " valid_from_nanos_before, valid_to, valid_to_nanos_before,"
                        + " retail_transaction_line_item_id)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                transaction.transactionId(), accountId.toString(), transaction.amount(),
                transaction.type().name(), transaction.source(), transaction.description(),
                SqlTimes.toSqlCeiling(transaction.transactionDate()),
                SqlTimes.nanosBeforeCeiling(transaction.transactionDate()),
                SqlTimes.toSql(recordedAt), SqlTimes.toSql(recordedAt),
                SqlTimes.toSqlCeiling(transaction.validFrom()),
                SqlTimes.nanosBeforeCeiling(transaction.validFrom()),
                SqlTimes.toSqlCeiling(transaction.validTo()),
                SqlTimes.nanosBeforeCeiling(transaction.validTo()),
                transaction.retailTransactionLineItemId());
    }
}
