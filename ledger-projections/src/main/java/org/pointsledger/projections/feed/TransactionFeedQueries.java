package org.pointsledger.projections.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pointsledger.projections.transactions.TransactionQueries;
import org.pointsledger.projections.transactions.TransactionView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the change feed: the transactions after a position, in feed order. */
@Repository
public class TransactionFeedQueries {

    /** A transaction of the feed with its position. */
    public record FeedEntry(long position, TransactionView transaction) {
    }

    private record Position(long position, String transactionId) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionQueries transactions;

    TransactionFeedQueries(JdbcTemplate jdbc, TransactionQueries transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Up to {@code count} entries after {@code position}. A transaction's row commits with its
     * events, before the feed can see them; should one be missing all the same (read models
     * being rebuilt), the page ends before it, so that it is delayed, never skipped.
     */
    public List<FeedEntry> after(long position, int count) {
        List<Position> positions = jdbc.query("select feed_position, transaction_id"
                        + " from point_transaction_feed where feed_position > ?"
                        + " order by feed_position limit ?",
                (row, index) -> new Position(row.getLong(1), row.getString(2)),
                position, count);
        Map<String, TransactionView> found = transactions.byIds(
                positions.stream().map(Position::transactionId).toList());
        List<FeedEntry> entries = new ArrayList<>(positions.size());
        for (Position next : positions) {
            TransactionView transaction = found.get(next.transactionId());
            if (transaction == null) {
                break;
            }
            entries.add(new FeedEntry(next.position(), transaction));
        }
        return entries;
    }
}
