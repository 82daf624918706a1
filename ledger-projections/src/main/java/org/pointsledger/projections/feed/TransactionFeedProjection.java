package org.pointsledger.projections.feed;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.pointsledger.domain.account.PointsAdded;
import org.pointsledger.domain.account.PointsAdjusted;
import org.pointsledger.domain.account.PointsDeducted;
import org.pointsledger.domain.account.PointsExpired;
import org.pointsledger.projections.ProcessingGroups;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Numbers the transactions for the change feed, in the order they became visible.
 *
 * <p>Why not simply page the transactions by the event store's {@code global_index}: that
 * number is taken when an event is inserted, not when its transaction commits. Two writers may
 * take 7 and 8, and 8 may commit first; a client that read up to 8 would then never see 7.
 *
 * <p>Here one tracking processor with a single segment (see TransactionFeedConfiguration)
 * follows the event store. Its gap-aware token remembers the indexes it has passed without
 * seeing (7 above) and asks for them again on every poll, so 7 is taken when it commits. Each
 * batch appends its rows here with positions from the table's own sequence and commits them
 * with the processor's token, before the next batch starts; only the token's owner may commit
 * (a node that lost the claim fails on the token update and rolls back). So the feed's
 * positions grow in the order its rows became visible, and reading "after position p" misses
 * nothing. A transaction delivered again (a token reset) keeps its first position.
 */
@Component
@ProcessingGroup(ProcessingGroups.TRANSACTION_FEED)
class TransactionFeedProjection {

    private final JdbcTemplate jdbc;

    TransactionFeedProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PointsAdded event) {
        append(event.transaction().transactionId());
    }

    @EventHandler
    void on(PointsDeducted event) {
        append(event.transaction().transactionId());
    }

    @EventHandler
    void on(PointsAdjusted event) {
        append(event.transaction().transactionId());
    }

    /** Like the transaction table: an expiry that only settled overdraft is no transaction. */
    @EventHandler
    void on(PointsExpired event) {
        event.transaction().ifPresent(expiry -> append(expiry.transactionId()));
    }

    /** The processor is this table's only writer, so the check and the insert cannot race. */
    private void append(String transactionId) {
        jdbc.update("insert into point_transaction_feed (transaction_id) select ?"
                + " where not exists (select 1 from point_transaction_feed"
                + " where transaction_id = ?)", transactionId, transactionId);
    }
}
