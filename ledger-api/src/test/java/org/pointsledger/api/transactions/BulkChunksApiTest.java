package org.pointsledger.api.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.BulkItems;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.Storm;
import org.pointsledger.commands.transactions.BulkWriter;
import org.pointsledger.domain.account.AccountId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves a bulk request larger than one transaction's chunk of accounts answers each item
 * exactly (refusals among successes in every chunk, an id repeated across chunks, an account
 * that cannot be written costing only its own item) and applies each item once when the same
 * request arrives twice at once.
 */
class BulkChunksApiTest extends LedgerIntegrationTest {

    private static final String BULK = "/api/v3/point-accounts/transactions";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Three chunks: two full ones and a part. */
    private static final int CONTACTS = 2 * BulkWriter.CHUNK_ACCOUNTS_MAX + 100;
    private static final Duration RACE_MAX = Duration.ofMinutes(2);

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void bulkAdd_answersEachItemExactly_whenTheRequestSpansSeveralChunks() {
        String run = uniqueContactId("chunks");
        String repeatedId = "chunks-" + UUID.randomUUID();
        ArrayNode items = JSON.createArrayNode();
        Map<Integer, String> refusals = new HashMap<>();
        Map<String, BigDecimal> expected = new HashMap<>();
        for (int contact = 0; contact < CONTACTS; contact++) {
            ObjectNode addition = item(run, contact, String.valueOf(contact % 7 + 1));
            if (contact == 5) {
                addition.put("transactionId", repeatedId);
            }
            items.add(addition);
            expected.put(contactId(run, contact), BigDecimal.valueOf(contact % 7 + 1));
        }
        // Deductions for contacts 100 to 499, in the first, second and third chunk: one in
        // four asks for more than the account holds, one has no source, one reuses an id.
        for (int index = CONTACTS; index < 1000; index++) {
            int contact = index - CONTACTS + 100;
            boolean tooMuch = contact % 4 == 0;
            ObjectNode deduction = item(run, contact, tooMuch ? "-8" : "-1");
            if (index == 700) {
                deduction.remove("source");
                refusals.put(index, "source is required");
            } else if (index == 950) {
                deduction.put("transactionId", repeatedId);
                refusals.put(index, "appears more than once in this request");
            } else if (tooMuch) {
                refusals.put(index, "Insufficient points: 8 requested");
            } else {
                expected.merge(contactId(run, contact), BigDecimal.ONE.negate(),
                        BigDecimal::add);
            }
            items.add(deduction);
        }

        Api.Response response = api().post(BULK, items.toString());

        assertThat(response.status()).as(response.text()).isEqualTo(202);
        JsonNode body = response.json();
        assertThat(body.path("accepted").asInt()).isEqualTo(1000 - refusals.size());
        Map<Integer, String> refused = new HashMap<>();
        body.path("notAccepted").forEach(item -> refused.put(item.path("index").asInt(),
                item.path("errorMessages").get(0).asText()));
        assertThat(refused).containsOnlyKeys(refusals.keySet());
        refusals.forEach((index, message) -> assertThat(refused.get(index))
                .as("item %d", index).contains(message));
        expected.forEach((contactId, balance) -> assertThat(balanceOf(contactId))
                .as(contactId).isEqualByComparingTo(balance));
        assertThat(transactionCount(run)).isEqualTo(1000 - refusals.size());
    }

    @Test
    void bulkAdd_refusesOnlyTheItemOfTheAccountThatCannotBeWritten_whenItSitsInAFullChunk() {
        String run = uniqueContactId("chunks-broken");
        int broken = BulkWriter.CHUNK_ACCOUNTS_MAX / 2 + 13;
        occupyAccountRow(contactId(run, broken));
        ArrayNode items = JSON.createArrayNode();
        for (int contact = 0; contact < CONTACTS; contact++) {
            items.add(item(run, contact, String.valueOf(contact % 9 + 1)));
        }

        Api.Response response = api().post(BULK, items.toString());

        assertThat(response.status()).as(response.text()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(CONTACTS - 1);
        JsonNode refused = response.json().path("notAccepted");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).path("index").asInt()).isEqualTo(broken);
        assertThat(refused.get(0).path("errorMessages").get(0).asText())
                .contains("not applied").contains("send it again");
        assertThat(transactionCount(run)).isEqualTo(CONTACTS - 1);
        for (int contact = 0; contact < CONTACTS; contact += 11) {
            if (contact != broken) {
                assertThat(balanceOf(contactId(run, contact))).as("contact %d", contact)
                        .isEqualByComparingTo(BigDecimal.valueOf(contact % 9 + 1));
            }
        }
    }

    /**
     * A read-model row in the way of the account's first event: its projection then fails at
     * the commit, which rolls back the transaction of every account written with it.
     */
    private void occupyAccountRow(String contactId) {
        jdbc.update("insert into point_account (id, contact_id, definition_id, overdraft,"
                        + " opened_on) values (?, ?, 1, 0, current_timestamp)",
                AccountId.of(contactId, 1).toString(), contactId + "-stray");
    }

    @Test
    void bulkAdd_appliesEachItemOnce_whenTheSameRequestWithIdsArrivesTwiceAtOnce()
            throws Exception {
        String run = uniqueContactId("chunks-twice");
        ArrayNode items = JSON.createArrayNode();
        for (int contact = 0; contact < CONTACTS; contact++) {
            items.add(item(run, contact, String.valueOf(contact % 9 + 1))
                    .put("transactionId", run + "-tx-" + contact));
        }

        List<Api.Response> answers = Storm.of(2, 2, RACE_MAX,
                number -> api().post(BULK, items.toString()));

        assertAppliedOnce(run, answers);
    }

    @Test
    void bulkAdd_appliesEachItemOnce_whenTheSameRequestWithAKeyArrivesTwiceAtOnce()
            throws Exception {
        String run = uniqueContactId("chunks-key");
        ArrayNode items = JSON.createArrayNode();
        for (int contact = 0; contact < CONTACTS; contact++) {
            items.add(item(run, contact, String.valueOf(contact % 9 + 1)));
        }
        Map<String, String> key = Map.of("Idempotency-Key", "chunks-" + UUID.randomUUID());

        List<Api.Response> answers = Storm.of(2, 2, RACE_MAX,
                number -> api().post(BULK, items.toString(), key));

        assertAppliedOnce(run, answers);
    }

    private void assertAppliedOnce(String run, List<Api.Response> answers) {
        for (Api.Response answer : answers) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(202);
            assertThat(answer.json().path("accepted").asInt()).as(answer.text())
                    .isEqualTo(CONTACTS);
            assertThat(answer.json().path("notAccepted")).isEmpty();
        }
        assertThat(transactionCount(run)).isEqualTo(CONTACTS);
        for (int contact = 0; contact < CONTACTS; contact += 7) {
            assertThat(balanceOf(contactId(run, contact))).as("contact %d", contact)
                    .isEqualByComparingTo(BigDecimal.valueOf(contact % 9 + 1));
        }
    }

    private ObjectNode item(String run, int contact, String amount) {
        return BulkItems.item(clock.instant(), contactId(run, contact), amount,
                amount.startsWith("-") ? "RewardVoucher" : "Purchase", "chunk item " + contact);
    }

    private static String contactId(String run, int contact) {
        return run + "-" + contact;
    }

    private long transactionCount(String run) {
        Long count = jdbc.queryForObject("select count(*) from point_transaction t"
                + " join point_account a on a.id = t.account_id where a.contact_id like ?",
                Long.class, run + "-%");
        return count == null ? 0 : count;
    }

    private BigDecimal balanceOf(String contactId) {
        Api.Response response = api().get("/api/v3/point-accounts?contactId=" + contactId);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        List<JsonNode> accounts = new ArrayList<>();
        response.json().path("items").forEach(accounts::add);
        assertThat(accounts).as(contactId).hasSize(1);
        return accounts.get(0).path("balance").decimalValue();
    }
}
