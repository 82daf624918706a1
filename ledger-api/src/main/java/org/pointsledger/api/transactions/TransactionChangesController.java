package org.pointsledger.api.transactions;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.pointsledger.api.problems.RequestValidation;
import org.pointsledger.api.web.Paging;
import org.pointsledger.projections.feed.TransactionFeedQueries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The change feed: every transaction of the ledger once, in the order it became visible, for
 * systems that follow the ledger. A client keeps {@code next} and asks again with it; the
 * cursor holds only a position, so either side may restart. The feed follows the writes by a
 * moment (see TransactionFeedProjection and TransactionFeedConfiguration, in the projections'
 * feed package).
 */
@RestController
class TransactionChangesController {

    private final TransactionFeedQueries feed;

    TransactionChangesController(TransactionFeedQueries feed) {
        this.feed = feed;
    }

    /** A transaction as the transactions endpoint shows it, with its place in the feed. */
    record Change(long feedPosition, String cursor,
                  @JsonUnwrapped TransactionResponse transaction) {
    }

    /** {@code next}: the cursor to ask with next time; the same as sent when nothing is new. */
    record ChangesResponse(List<Change> items, int count, String next) {
    }

    @GetMapping("/api/v3/point-transactions/changes")
    ChangesResponse changes(@RequestParam(required = false) String after,
                            @RequestParam(required = false) String count) {
        RequestValidation validation = new RequestValidation();
        long position = FeedCursor.parse(after, "after", validation);
        Paging paging = Paging.parse(null, count, validation);
        validation.throwIfInvalid();
        List<Change> items = feed.after(position, paging.count()).stream()
                .map(entry -> new Change(entry.position(), FeedCursor.of(entry.position()),
                        TransactionResponse.of(entry.transaction())))
                .toList();
        long last = items.isEmpty() ? position : items.get(items.size() - 1).feedPosition();
        return new ChangesResponse(items, items.size(), FeedCursor.of(last));
    }
}
