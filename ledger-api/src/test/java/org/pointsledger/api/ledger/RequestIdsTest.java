package org.pointsledger.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.eventstore.EventTable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves a client's well-formed request id comes back and is recorded, with who caused it, in
 * the events its request causes. A malformed one is RequestIdsSliceTest's.
 */
class RequestIdsTest extends LedgerIntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void write_recordsTheClientsRequestIdInTheEventMetadata_whenTheIdIsWellFormed() {
        String accountId = Accounts.open(api(), uniqueContactId("request-id"));
        String requestId = "shop-" + UUID.randomUUID();

        Api.Response added = api().post("/api/v3/point-transactions", "{\"accountId\":\""
                + accountId + "\",\"transactionId\":\"tx-" + UUID.randomUUID() + "\","
                + "\"transactionType\":\"Addition\",\"amount\":5,\"source\":\"Purchase\"}",
                Map.of("X-Request-Id", requestId));

        assertThat(added.status()).as(added.text()).isEqualTo(201);
        assertThat(added.header("X-Request-Id")).isEqualTo(requestId);
        String metadata = new String(new EventTable(jdbc).events(accountId).stream()
                .filter(event -> event.type().equals("PointsAdded"))
                .reduce((first, second) -> {
                    throw new IllegalStateException("more than one PointsAdded");
                }).orElseThrow().metadata(), StandardCharsets.UTF_8);
        assertThat(metadata).contains("\"requestId\":\"" + requestId + "\"")
                .contains("\"causedBy\":\"bootstrap\"");
    }
}
