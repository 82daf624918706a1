package org.pointsledger.projections.feed;

import java.util.List;

/**
 * The table of the change feed (V10__transaction_feed.sql). Never rebuilt: its positions are
 * the cursors of the feed's clients.
 */
public final class TransactionFeedTables {

    public static final List<String> ALL = List.of("point_transaction_feed");

    private TransactionFeedTables() {
    }
}
