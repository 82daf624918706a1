package org.pointsledger.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerWebSliceTest;

/**
 * Proves every answer carries a request id of its own when the client's is malformed; that a
 * well-formed one reaches the events is RequestIdsTest's. (The list of stored API keys, empty
 * in the slice, is the one read the slice answers with a 200.)
 */
class RequestIdsSliceTest extends LedgerWebSliceTest {

    @Test
    void answer_carriesANewRequestId_whenTheClientsIdIsMalformed() {
        Api.Response answer = api().send("GET", "/api/v3/admin/api-keys", null,
                Map.of("X-Request-Id", "not well formed!"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-Request-Id")).isNotBlank().isNotEqualTo("not well formed!");
    }
}
