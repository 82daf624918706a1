package org.pointsledger.api.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Instants.instant;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.BulkItems;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.domain.account.AccountId;
import org.pointsledger.eventstore.EventTable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves the bulk add refuses bad items alone, keeps its idempotency, stays exact. A body that
 * is refused as a whole is BulkSliceTest's.
 */
class BulkTransactionsApiTest extends LedgerIntegrationTest {

    private static final String BULK = "/api/v3/point-accounts/transactions";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The seed's own example, verbatim. */
    private static final String SEED_EXAMPLE = """
            [
              {
                "contactId": "111111fa6-103b-459b-8d01-b6c000e8e26a",
                "amount": 12,
                "definitionId": 1,
                "timeStamp": "2023-06-01T08:40:51.658Z",
                "source": "Purchase",
                "description": "Gilded gauntlets",
                "validFrom": "2023-06-16T08:40:51.658Z",
                "validTo": "2024-06-16T08:40:51.658Z"
              }
            ]
            """;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void bulkAdd_expiresTheSeedExampleAtOnce_whenItsValidToHasPassed() {
        String contactId = "111111fa6-103b-459b-8d01-b6c000e8e26a";

        Api.Response response = api().post(BULK, SEED_EXAMPLE);

        assertThat(response.status()).as(response.text()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(response.json().path("notAccepted")).isEmpty();
        assertThat(response.json().path("errorMessages")).isEmpty();
        JsonNode account = onlyAccountOf(contactId);
        assertThat(account.path("definitionId").asInt()).isEqualTo(1);
        assertThat(account.path("balance").decimalValue()).isEqualByComparingTo("0");
        assertThat(account.path("pendingPoints").decimalValue()).isEqualByComparingTo("0");
        assertThat(account.path("balanceExpires").isNull()).isTrue();
        // The contact is the seed's, so earlier runs on a kept database added their own lots:
        // every addition of 12 must have exactly one expiry of -12 beside it.
        List<JsonNode> transactions = transactionsOf(contactId);
        List<JsonNode> additions = transactions.stream()
                .filter(t -> t.path("type").asText().equals("Addition")).toList();
        List<JsonNode> expiries = transactions.stream()
                .filter(t -> t.path("source").asText().equals("Automation")).toList();
        assertThat(additions).isNotEmpty().allSatisfy(addition -> {
            assertThat(addition.path("amount").decimalValue()).isEqualByComparingTo("12");
            assertThat(addition.path("description").asText()).isEqualTo("Gilded gauntlets");
            assertThat(instant(addition, "transactionDate"))
                    .isEqualTo(Instant.parse("2023-06-01T08:40:51.658Z"));
        });
        assertThat(expiries).hasSameSizeAs(additions).allSatisfy(expiry -> {
            assertThat(expiry.path("type").asText()).isEqualTo("Deduction");
            assertThat(expiry.path("description").asText()).isEqualTo("@@(RemovedDueToTimeLimit)");
            assertThat(expiry.path("amount").decimalValue()).isEqualByComparingTo("-12");
            assertThat(instant(expiry, "transactionDate"))
                    .isEqualTo(Instant.parse("2024-06-16T08:40:51.658Z"));
        });
        assertThat(transactions).hasSize(additions.size() + expiries.size());
    }

    @Test
    void bulkAdd_createsTheAccountAndTypesEachItemBySign_whenTheAccountIsMissing() {
        String contactId = uniqueContactId("bulk-types");
        assertThat(api().get("/api/v3/point-accounts?contactId=" + contactId).json()
                .path("totalCount").asLong()).isZero();
        ArrayNode items = array(
                item(contactId, "100", "Purchase", "shirt").put("transactionId", id()),
                item(contactId, "-30", "Return", "shirt returned").put("transactionId", id()),
                item(contactId, "5.25", "Adjustment", "goodwill").put("transactionId", id()),
                item(contactId, "-2", "Adjustment", "correction").put("transactionId", id()));

        Api.Response response = api().post(BULK, items.toString());

        assertThat(response.status()).as(response.text()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(4);
        JsonNode account = onlyAccountOf(contactId);
        assertThat(account.path("balance").decimalValue()).isEqualByComparingTo("73.25");
        String[] types = {"Addition", "Deduction", "Adjustment", "Adjustment"};
        String[] amounts = {"100", "-30", "5.25", "-2"};
        for (int index = 0; index < types.length; index++) {
            JsonNode transaction = transaction(items.get(index).path("transactionId").asText());
            assertThat(transaction.path("type").asText()).isEqualTo(types[index]);
            assertThat(transaction.path("amount").decimalValue())
                    .isEqualByComparingTo(amounts[index]);
            assertThat(transaction.path("accountId").asText())
                    .isEqualTo(account.path("id").asText());
        }
    }

    @Test
    void bulkAdd_refusesOnlyTheItems_whenTheyLackSourceOrDescription() {
        String contactId = uniqueContactId("bulk-texts");
        ObjectNode withoutSource = item(contactId, "7", "Purchase", "no source");
        withoutSource.remove("source");
        ObjectNode withoutDescription = item(contactId, "8", "Purchase", "no description");
        withoutDescription.remove("description");
        ArrayNode items = array(item(contactId, "10", "Purchase", "kept"), withoutSource,
                withoutDescription, item(contactId, "5", "Purchase", "kept too"));

        Api.Response response = api().post(BULK, items.toString());

        assertThat(response.status()).as(response.text()).isEqualTo(202);
        JsonNode body = response.json();
        assertThat(body.path("accepted").asInt()).isEqualTo(2);
        assertThat(body.path("notAccepted")).hasSize(2);
        JsonNode first = body.path("notAccepted").get(0);
        assertThat(first.path("index").asInt()).isEqualTo(1);
        assertThat(first.path("amount").decimalValue()).isEqualByComparingTo("7");
        assertThat(first.path("description").asText()).isEqualTo("no source");
        assertThat(texts(first.path("errorMessages"))).anyMatch(m -> m.contains("source"));
        JsonNode second = body.path("notAccepted").get(1);
        assertThat(second.path("index").asInt()).isEqualTo(2);
        assertThat(texts(second.path("errorMessages"))).anyMatch(m -> m.contains("description"));
        assertThat(texts(body.path("errorMessages")))
                .anyMatch(m -> m.startsWith("item 1: ") && m.contains("source"))
                .anyMatch(m -> m.startsWith("item 2: ") && m.contains("description"))
                .allMatch(m -> m.startsWith("item 1: ") || m.startsWith("item 2: "));
        assertThat(balanceOf(contactId)).isEqualByComparingTo("15");
        assertThat(transactionsOf(contactId)).hasSize(2);
    }

    @Test
    void bulkAdd_refusesTheItemAndListsTheId_whenItsDefinitionIsUnknown() {
        String contactId = uniqueContactId("bulk-definition");
        int unknownDefinitionId = 2_000_000_000 + new Random().nextInt(100_000_000);
        assertProblem(api().get("/api/v3/point-accounts/definitions/" + unknownDefinitionId), 404,
                "not-found");
        ObjectNode unknown = item(contactId, "9", "Purchase", "unknown definition");
        unknown.put("definitionId", unknownDefinitionId);
        ArrayNode items = array(unknown, item(contactId, "4", "Purchase", "known definition"));

        Api.Response response = api().post(BULK, items.toString());

        assertThat(response.status()).as(response.text()).isEqualTo(202);
        JsonNode body = response.json();
        assertThat(body.path("accepted").asInt()).isEqualTo(1);
        assertThat(body.path("missingDefinitionIds")).hasSize(1);
        assertThat(body.path("missingDefinitionIds").get(0).asInt()).isEqualTo(unknownDefinitionId);
        assertThat(body.path("notAccepted")).hasSize(1);
        assertThat(body.path("notAccepted").get(0).path("index").asInt()).isZero();
        assertThat(texts(body.path("errorMessages"))).singleElement().asString()
                .startsWith("item 0: ").contains("definitionId");
        JsonNode account = onlyAccountOf(contactId);
        assertThat(account.path("definitionId").asInt()).isEqualTo(1);
        assertThat(account.path("balance").decimalValue()).isEqualByComparingTo("4");
    }

    @Test
    void bulkAdd_refusesTheOverdrawingItemAndAppliesTheOthers_whenTheBalanceIsTooLow() {
        String contactId = uniqueContactId("bulk-overdraw");
        String otherContactId = uniqueContactId("bulk-overdraw-other");
        ArrayNode items = array(item(contactId, "50", "Purchase", "earned"),
                item(contactId, "-80", "RewardVoucher", "too much"),
                item(otherContactId, "7", "Purchase", "other account"),
                item(contactId, "-20", "RewardVoucher", "fits"));

        Api.Response response = api().post(BULK, items.toString());

        assertThat(response.status()).as(response.text()).isEqualTo(202);
        JsonNode body = response.json();
        assertThat(body.path("accepted").asInt()).isEqualTo(3);
        assertThat(body.path("notAccepted")).hasSize(1);
        JsonNode refused = body.path("notAccepted").get(0);
        assertThat(refused.path("index").asInt()).isEqualTo(1);
        assertThat(texts(refused.path("errorMessages"))).singleElement().asString()
                .contains("Insufficient points").contains("80").contains("50");
        assertThat(texts(body.path("errorMessages"))).singleElement().asString()
                .startsWith("item 1: Insufficient points");
        assertThat(balanceOf(contactId)).isEqualByComparingTo("30");
        assertThat(balanceOf(otherContactId)).isEqualByComparingTo("7");
        assertThat(transactionsOf(contactId)).hasSize(2);
    }

    @Test
    void bulkAdd_refusesOnlyTheItem_whenItsFieldsHaveTheWrongType() {
        String contactId = uniqueContactId("bulk-types-wrong");
        ArrayNode items = array(item(contactId, "1", "Purchase", "wrong").put("amount", "abc"),
                item(contactId, "6", "Purchase", "right"));

        Api.Response response = api().post(BULK, items.toString());

        assertThat(response.status()).as(response.text()).isEqualTo(202);
        JsonNode body = response.json();
        assertThat(body.path("accepted").asInt()).isEqualTo(1);
        assertThat(body.path("notAccepted")).hasSize(1);
        JsonNode refused = body.path("notAccepted").get(0);
        assertThat(refused.path("index").asInt()).isZero();
        assertThat(refused.path("amount").asText()).isEqualTo("abc");
        assertThat(texts(refused.path("errorMessages"))).singleElement().asString()
                .contains("amount");
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("java.");
        assertThat(balanceOf(contactId)).isEqualByComparingTo("6");
    }

    @Test
    void bulkAdd_refusesTheSecondItem_whenTwoItemsShareATransactionId() {
        String contactId = uniqueContactId("bulk-twice");
        String transactionId = id();
        ArrayNode items = array(
                item(contactId, "10", "Purchase", "first").put("transactionId", transactionId),
                item(contactId, "20", "Purchase", "second").put("transactionId", transactionId));

        Api.Response response = api().post(BULK, items.toString());

        assertThat(response.status()).as(response.text()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(response.json().path("notAccepted")).hasSize(1);
        assertThat(response.json().path("notAccepted").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(texts(response.json().path("errorMessages"))).singleElement().asString()
                .startsWith("item 1: ").contains(transactionId);
        assertThat(transaction(transactionId).path("amount").decimalValue())
                .isEqualByComparingTo("10");
        assertThat(balanceOf(contactId)).isEqualByComparingTo("10");
    }

    @Test
    void bulkAdd_acceptsARepeatWithoutSecondEffect_andRefusesOtherContentUnderTheSameId() {
        String contactId = uniqueContactId("bulk-repeat");
        String transactionId = id();
        ObjectNode original = item(contactId, "40", "Purchase", "once")
                .put("transactionId", transactionId);
        ArrayNode first = array(original, item(contactId, "1", "Purchase", "no id"));

        Api.Response sent = api().post(BULK, first.toString());
        Api.Response repeated = api().post(BULK, array(original.deepCopy()).toString());
        Api.Response changed = api().post(BULK,
                array(original.deepCopy().put("amount", 41)).toString());

        assertThat(sent.json().path("accepted").asInt()).as(sent.text()).isEqualTo(2);
        assertThat(repeated.status()).isEqualTo(202);
        assertThat(repeated.json().path("accepted").asInt()).as(repeated.text()).isEqualTo(1);
        assertThat(repeated.json().path("notAccepted")).isEmpty();
        assertThat(changed.status()).isEqualTo(202);
        assertThat(changed.json().path("accepted").asInt()).isZero();
        assertThat(texts(changed.json().path("errorMessages"))).singleElement().asString()
                .startsWith("item 0: ").contains("already used");
        assertThat(balanceOf(contactId)).isEqualByComparingTo("41");
        assertThat(transactionsOf(contactId)).hasSize(2);
        assertThat(transaction(transactionId).path("amount").decimalValue())
                .isEqualByComparingTo("40");
    }

    @Test
    void bulkAdd_answersTheFirstAnswerAndAppliesNothingTwice_whenTheIdempotencyKeyRepeats() {
        String contactA = uniqueContactId("bulk-key-a");
        String contactB = uniqueContactId("bulk-key-b");
        ObjectNode withoutSource = item(contactA, "99", "Purchase", "refused");
        withoutSource.remove("source");
        String body = array(item(contactA, "10", "Purchase", "a1"),
                item(contactB, "20", "Purchase", "b1"), withoutSource,
                item(contactA, "5", "Purchase", "a2")).toString();
        Map<String, String> key = Map.of("Idempotency-Key", "key-" + UUID.randomUUID());

        Api.Response first = api().post(BULK, body, key);
        Api.Response second = api().post(BULK, body, key);

        assertThat(first.status()).as(first.text()).isEqualTo(202);
        assertThat(first.json().path("accepted").asInt()).isEqualTo(3);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(balanceOf(contactA)).isEqualByComparingTo("15");
        assertThat(balanceOf(contactB)).isEqualByComparingTo("20");
        assertThat(transactionsOf(contactA)).hasSize(2);
        assertThat(transactionsOf(contactB)).hasSize(1);
    }

    @Test
    void bulkAdd_answersWhatWasApplied_whenOneAccountCannotBeWrittenAfterAnotherWas() {
        String healthy = uniqueContactId("bulk-partial-ok");
        String broken = uniqueContactId("bulk-partial-broken");
        occupyAccountRow(broken);

        Api.Response response = api().post(BULK, array(item(healthy, "10", "Purchase", "ok"),
                item(broken, "5", "Purchase", "cannot be written")).toString());

        assertThat(response.status()).as(response.text()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(1);
        JsonNode refused = response.json().path("notAccepted").get(0);
        assertThat(refused.path("index").asInt()).isEqualTo(1);
        assertThat(texts(refused.path("errorMessages")).get(0)).contains("not applied");
        assertThat(balanceOf(healthy)).isEqualByComparingTo("10");
    }

    @Test
    void bulkAdd_failsAsAWholeAndAppliesNothing_whenNoAccountCanBeWritten() {
        String broken = uniqueContactId("bulk-all-broken");
        occupyAccountRow(broken);

        Api.Response response = api().post(BULK,
                array(item(broken, "5", "Purchase", "cannot be written")).toString());

        assertProblem(response, 500, "internal-error");
        assertThat(new EventTable(jdbc).count(AccountId.of(broken, 1).toString())).isZero();
    }

    /**
     * A read-model row in the way of the account's first event: its projection then fails,
     * which rolls that account's unit of work back (as any failure to write would).
     */
    private void occupyAccountRow(String contactId) {
        jdbc.update("insert into point_account (id, contact_id, definition_id, overdraft,"
                        + " opened_on) values (?, ?, 1, 0, current_timestamp)",
                AccountId.of(contactId, 1).toString(), contactId + "-stray");
    }

    @Test
    void bulkAdd_appliesTheRequestAgain_whenItsIdempotencyKeyIsReusedAfter24Hours() {
        String contactId = uniqueContactId("bulk-key-reuse");
        String body = array(item(contactId, "10", "Purchase", "daily bonus")).toString();
        Map<String, String> key = Map.of("Idempotency-Key", "key-" + UUID.randomUUID());
        Api.Response first = api().post(BULK, body, key);
        assertThat(first.json().path("accepted").asInt()).as(first.text()).isEqualTo(1);

        clock.advance(Duration.ofHours(25));
        Api.Response nextDay = api().post(BULK, body, key);

        assertThat(nextDay.status()).as(nextDay.text()).isEqualTo(202);
        assertThat(nextDay.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(balanceOf(contactId)).isEqualByComparingTo("20");
        assertThat(transactionsOf(contactId)).hasSize(2);
    }

    @Test
    void bulkAdd_answers409AndAppliesNothing_whenTheIdempotencyKeyComesWithAnotherBody() {
        String contactId = uniqueContactId("bulk-key-conflict");
        Map<String, String> key = Map.of("Idempotency-Key", "key-" + UUID.randomUUID());
        api().post(BULK, array(item(contactId, "10", "Purchase", "first")).toString(), key);

        Api.Response other = api().post(BULK,
                array(item(contactId, "1000", "Purchase", "other")).toString(), key);

        assertProblem(other, 409, "conflict");
        assertThat(balanceOf(contactId)).isEqualByComparingTo("10");
        assertThat(transactionsOf(contactId)).hasSize(1);
    }

    @Test
    void bulkAdd_appliesItemsWithoutIdsOnce_whenTheFirstAnswerUnderTheKeyWasLost() {
        String contactA = uniqueContactId("bulk-lost-a");
        String contactB = uniqueContactId("bulk-lost-b");
        String body = array(item(contactA, "10.5", "Purchase", "a1"),
                item(contactB, "20", "Purchase", "b1"),
                item(contactA, "-3", "RewardVoucher", "a2")).toString();
        String idempotencyKey = "key-" + UUID.randomUUID();
        Map<String, String> key = Map.of("Idempotency-Key", idempotencyKey);
        Api.Response first = api().post(BULK, body, key);
        assertThat(first.json().path("accepted").asInt()).as(first.text()).isEqualTo(3);

        // A crash after the items were applied but before the answer was kept leaves the key
        // recorded without an answer.
        int forgotten = jdbc.update("update bulk_request set response_body = null"
                + " where idempotency_key = ?", idempotencyKey);
        Api.Response again = api().post(BULK, body, key);

        assertThat(forgotten).isEqualTo(1);
        assertThat(again.status()).as(again.text()).isEqualTo(202);
        assertThat(again.json().path("accepted").asInt()).isEqualTo(3);
        assertThat(balanceOf(contactA)).isEqualByComparingTo("7.5");
        assertThat(balanceOf(contactB)).isEqualByComparingTo("20");
        assertThat(transactionsOf(contactA)).hasSize(2);
        assertThat(transactionsOf(contactB)).hasSize(1);
    }

    @Test
    void bulkAdd_keepsEveryBalanceExact_whenSent1000ItemsAcross50Accounts() {
        Random random = new Random(20240616L);
        List<String> contacts = new ArrayList<>();
        Map<String, BigDecimal> expected = new LinkedHashMap<>();
        String run = uniqueContactId("bulk-large");
        for (int account = 0; account < 50; account++) {
            String contactId = run + "-" + account;
            contacts.add(contactId);
            expected.put(contactId, BigDecimal.ZERO);
        }
        ArrayNode items = JSON.createArrayNode();
        for (int index = 0; index < 1000; index++) {
            String contactId = contacts.get(index % contacts.size());
            BigDecimal balance = expected.get(contactId);
            // One item in four deducts, never more than the account holds at that point.
            BigDecimal amount = index % 4 == 3 && balance.signum() > 0
                    ? fraction(random, balance).negate()
                    : BigDecimal.valueOf(1 + random.nextInt(5_000_000), 4);
            expected.put(contactId, balance.add(amount));
            items.add(item(contactId, amount.toPlainString(),
                    amount.signum() > 0 ? "Purchase" : "RewardVoucher", "large " + index));
        }

        Api.Response response = api().post(BULK, items.toString());

        assertThat(response.status()).as(response.text()).isEqualTo(202);
        assertThat(response.json().path("accepted").asInt()).isEqualTo(1000);
        assertThat(response.json().path("notAccepted")).isEmpty();
        for (String contactId : contacts) {
            assertThat(balanceOf(contactId)).as(contactId)
                    .isEqualByComparingTo(expected.get(contactId));
        }
        Map<String, Integer> transactionCounts = new LinkedHashMap<>();
        jdbc.query("select a.contact_id, count(t.id) from point_account a"
                        + " left join point_transaction t on t.account_id = a.id"
                        + " where a.contact_id like ? group by a.contact_id",
                row -> {
                    transactionCounts.put(row.getString(1), row.getInt(2));
                }, run + "-%");
        assertThat(transactionCounts).hasSize(50).allSatisfy(
                (contactId, count) -> assertThat(count).as(contactId).isEqualTo(20));
    }

    /** A random amount with 4 fractional digits, at least 0.0001 and at most {@code limit}. */
    private static BigDecimal fraction(Random random, BigDecimal limit) {
        long units = limit.movePointRight(4).longValueExact();
        return BigDecimal.valueOf(1 + (long) (random.nextDouble() * units), 4).min(limit);
    }

    private ObjectNode item(String contactId, String amount, String source, String description) {
        return BulkItems.item(clock.instant(), contactId, amount, source, description);
    }

    private static ArrayNode array(ObjectNode... items) {
        ArrayNode array = JSON.createArrayNode();
        for (ObjectNode item : items) {
            array.add(item);
        }
        return array;
    }

    private static String id() {
        return "tx-" + UUID.randomUUID();
    }

    private JsonNode onlyAccountOf(String contactId) {
        Api.Response response = api().get("/api/v3/point-accounts?contactId=" + contactId);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.json().path("items")).as(response.text()).hasSize(1);
        return response.json().path("items").get(0);
    }

    private BigDecimal balanceOf(String contactId) {
        return onlyAccountOf(contactId).path("balance").decimalValue();
    }

    private List<JsonNode> transactionsOf(String contactId) {
        Api.Response response = api().get(BULK + "?contactId=" + contactId
                + "&definitionId=1&count=1000");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode items = response.json().path("items");
        assertThat(response.json().path("totalCount").asLong()).isEqualTo(items.size());
        return StreamSupport.stream(items.spliterator(), false).toList();
    }

    private JsonNode transaction(String transactionId) {
        Api.Response response = api().get("/api/v3/point-transactions/" + transactionId);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
