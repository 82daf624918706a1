package org.pointsledger.api.transactions;

import static org.pointsledger.api.support.Problems.assertFieldProblem;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.LedgerWebSliceTest;

/**
 * Proves the change feed refuses a bad cursor or count before it reads anything (see
 * LedgerWebSliceTest); what it gives is TransactionChangesApiTest's.
 */
class TransactionChangesSliceTest extends LedgerWebSliceTest {

    private static final String CHANGES = "/api/v3/point-transactions/changes";

    @Test
    void changes_refuseABadCursorOrCount() {
        for (String bad : List.of("x", "abc!", "ZmVlZDE6LTE", "ZmVlZDI6MQ",
                "a".repeat(FeedCursor.CURSOR_LENGTH_MAX + 1), FeedCursor.of(1) + "x")) {
            assertFieldProblem(api().get(CHANGES + "?after=" + encode(bad)), "after");
        }
        assertFieldProblem(api().get(CHANGES + "?count=0"), "count");
        assertFieldProblem(api().get(CHANGES + "?count=1001"), "count");
        assertFieldProblem(api().get(CHANGES + "?count=ten"), "count");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
