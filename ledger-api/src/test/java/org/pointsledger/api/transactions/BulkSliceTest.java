package org.pointsledger.api.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Problems.assertFieldProblem;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.BulkItems;
import org.pointsledger.api.support.LedgerWebSliceTest;

/**
 * Proves the bulk add refuses a body that is no array of 1 to 1000 items as a whole, before it
 * reads or writes anything (see LedgerWebSliceTest); its items are BulkTransactionsApiTest's.
 */
class BulkSliceTest extends LedgerWebSliceTest {

    private static final String BULK = "/api/v3/point-accounts/transactions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTACT_ID = "bulk-slice";

    @Test
    void bulkAdd_answers400TooManyItems_whenSentMoreThan1000Items() {
        ArrayNode items = JSON.createArrayNode();
        for (int index = 0; index < 1001; index++) {
            items.add(BulkItems.item(clock.instant(), CONTACT_ID, "1", "Purchase",
                    "item " + index));
        }

        Api.Response response = api().post(BULK, items.toString());

        assertProblem(response, 400, "bad-request");
        assertThat(response.json().path("detail").asText()).isEqualTo("Too many items");
    }

    @Test
    void bulkAdd_answers400_whenTheArrayIsEmpty() {
        assertFieldProblem(api().post(BULK, "[]"), "body");
    }

    @Test
    void bulkAdd_answers400AndAppliesNothing_whenTheBodyIsAnObject() {
        assertFieldProblem(api().post(BULK, BulkItems.item(clock.instant(), CONTACT_ID, "3",
                "Purchase", "lone").toString()), "body");
    }
}
