package org.pointsledger.api.audit;

import static org.pointsledger.api.support.Problems.assertFieldProblem;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.LedgerWebSliceTest;

/**
 * Proves the audit endpoints refuse a malformed account id, page or instant before they read
 * the event store (see LedgerWebSliceTest); what they answer is AccountEventsApiTest's,
 * BalanceAsOfTest's and TamperEvidenceTest's.
 */
class AuditSliceTest extends LedgerWebSliceTest {

    /** An account id: no request here gets far enough to look it up. */
    private static final String ACCOUNT_ID = UUID.randomUUID().toString();

    @Test
    void events_answer400ForABadIdOrPage() {
        assertFieldProblem(api().get("/api/v3/point-accounts/not-a-uuid/events"), "id");
        assertFieldProblem(api().get("/api/v3/point-accounts/" + ACCOUNT_ID
                + "/events?count=1001"), "count");
        assertFieldProblem(api().get("/api/v3/point-accounts/" + ACCOUNT_ID
                + "/events?offset=-1"), "offset");
    }

    @Test
    void balanceAsOf_answers400ForABadInstantOrId() {
        String path = "/api/v3/point-accounts/" + ACCOUNT_ID + "/balance";

        assertFieldProblem(api().get(path + "?asOf=yesterday"), "asOf");
        assertFieldProblem(api().get(path + "?asOf=2024-11-13T08:16:27"), "asOf");
        assertFieldProblem(api().get(path + "?asOf=1960-01-01T00:00:00Z"), "asOf");
        assertFieldProblem(api().get("/api/v3/point-accounts/x/balance"), "id");
    }

    @Test
    void verify_answers400ForABadId() {
        assertFieldProblem(api().get("/api/v3/point-accounts/12345/verify"), "id");
    }
}
