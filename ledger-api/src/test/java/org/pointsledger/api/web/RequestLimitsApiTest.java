package org.pointsledger.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Problems.assertFieldProblem;
import static org.pointsledger.api.support.Problems.assertProblem;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.LedgerState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves the limits on requests over a real connection and a real database: the body size as
 * the container reads it, the widest bulk read whole, texts at their limits stored, pages of
 * stored transactions, a kept Idempotency-Key. The refusals that need neither (media types, JSON
 * shape, types, lengths, ranges, malformed parameters, the exact size limit) are
 * RequestLimitsSliceTest's.
 */
class RequestLimitsApiTest extends LedgerIntegrationTest {

    private static final String ACCOUNTS = "/api/v3/point-accounts";
    private static final String TRANSACTIONS = "/api/v3/point-transactions";
    private static final String BULK = "/api/v3/point-accounts/transactions";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    /** The README's default body limit, "8 MB", as Spring reads {@code 8MB}: 8 MiB. */
    private static final long BODY_BYTES_MAX = 8L * 1024 * 1024;
    /** The README's page limits: {@code count} defaults to 100, {@code offset} stops here. */
    private static final int PAGE_COUNT_DEFAULT = 100;
    private static final int PAGE_OFFSET_MAX = 1_000_000;
    /** The README's longest {@code Idempotency-Key}. */
    private static final int IDEMPOTENCY_KEY_LENGTH_MAX = 255;
    /** A definition id no test creates: bulk items naming it are read whole, then refused. */
    private static final int UNKNOWN_DEFINITION_ID = 2_000_000_000;

    @Autowired
    private JdbcTemplate jdbc;

    private String accountId;

    @BeforeEach
    void openAccount() {
        accountId = Accounts.open(api(), uniqueContactId("limits"));
    }

    @Test
    void anyWrite_answers413AndChangesNothing_whenContentLengthIsPastTheLimit() {
        byte[] body = new byte[(int) BODY_BYTES_MAX + 1];
        unchanged(() -> assertProblem(api().sendRaw("POST", BULK,
                HttpRequest.BodyPublishers.ofByteArray(body), JSON), 413, "body-too-large"));
    }

    @Test
    void anyWrite_answers413AndChangesNothing_whenAChunkedBodyGrowsPastTheLimit() {
        byte[] body = bulkBody(BODY_BYTES_MAX + 1);
        Api.Response response = unchanged(() -> api().sendRaw("POST", BULK,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
                JSON));
        assertProblem(response, 413, "body-too-large");
    }

    @Test
    void bulkAdd_readsTheWholeBody_when1000ItemsHaveEveryTextAtItsLimitInTheWidestEncoding() {
        String escaped = bulkOfWidestItems(true);
        String multiByte = bulkOfWidestItems(false);
        assertThat(escaped.length()).isLessThan((int) BODY_BYTES_MAX);
        assertThat(multiByte.getBytes(StandardCharsets.UTF_8).length)
                .isLessThan((int) BODY_BYTES_MAX);

        for (String body : new String[] {escaped, multiByte}) {
            Api.Response response = unchanged(() -> api().post(BULK, body));
            assertThat(response.status()).as(response.text()).isEqualTo(202);
            assertThat(response.json().path("notAccepted").size()).isEqualTo(1000);
            assertThat(response.json().path("errorMessages").get(0).asText())
                    .contains("names no point definition");
        }
    }

    @Test
    void addTransaction_ignoresUnknownFields_andAcceptsTextsAtTheirLimits() {
        String body = single("unknownField", "{\"nested\":[1,2,3]}")
                .replace("\"description\":\"Limits\"",
                        "\"description\":\"" + "€".repeat(999) + "\\t\"")
                .replace("\"source\":\"Purchase\"", "\"source\":\"" + "s".repeat(64) + "\"");
        Api.Response response = api().post(TRANSACTIONS, body);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        assertThat(response.json().path("description").asText()).endsWith("€\t").hasSize(1000);
    }

    @Test
    void reads_answerProblemJson_whenTheContainerRefusesTheirPath() {
        // Tomcat itself refuses a NUL in the path, before any servlet: still problem+json.
        assertProblem(api().get(TRANSACTIONS + "/%00"), 400, "refused");
    }

    @Test
    void lists_answer100ItemsByDefault_andTakeOffsetsUpTo1000000() {
        String contactId = uniqueContactId("page-default");
        String pageAccountId = Accounts.open(api(), contactId);
        StringBuilder items = new StringBuilder("[");
        for (int index = 0; index <= PAGE_COUNT_DEFAULT; index++) {
            items.append(index == 0 ? "" : ",").append("{\"contactId\":\"").append(contactId)
                    .append("\",\"definitionId\":1,\"amount\":1,\"source\":\"Purchase\",")
                    .append("\"description\":\"item ").append(index).append("\"}");
        }
        Api.Response added = api().post(BULK, items.append(']').toString());
        assertThat(added.json().path("accepted").asInt()).as(added.text())
                .isEqualTo(PAGE_COUNT_DEFAULT + 1);

        for (String list : new String[] {TRANSACTIONS + "?id=" + pageAccountId,
                ACCOUNTS + "/" + pageAccountId + "/events"}) {
            Api.Response page = api().get(list);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            assertThat(page.json().path("count").asInt()).as(list).isEqualTo(PAGE_COUNT_DEFAULT);
            assertThat(page.json().path("items").size()).as(list).isEqualTo(PAGE_COUNT_DEFAULT);
            assertThat(page.json().path("totalCount").asInt()).as(list)
                    .isGreaterThan(PAGE_COUNT_DEFAULT);
        }
        String list = TRANSACTIONS + "?id=" + pageAccountId + "&offset=";
        Api.Response deepest = api().get(list + PAGE_OFFSET_MAX);
        assertThat(deepest.status()).as(deepest.text()).isEqualTo(200);
        assertThat(deepest.json().path("items").size()).isZero();
        assertFieldProblem(api().get(list + (PAGE_OFFSET_MAX + 1)), "offset");
    }

    @Test
    void bulkAdd_takesAnIdempotencyKeyOf255PrintableCharacters_andRefusesALongerOne() {
        String longest = "!~" + UUID.randomUUID() + "k".repeat(IDEMPOTENCY_KEY_LENGTH_MAX - 38);
        String item = "[{\"contactId\":\"" + uniqueContactId("key-length")
                + "\",\"definitionId\":1,\"amount\":1,\"source\":\"s\",\"description\":\"d\"}]";
        assertThat(longest).hasSize(IDEMPOTENCY_KEY_LENGTH_MAX);

        Api.Response taken = api().post(BULK, item, Map.of("Idempotency-Key", longest));
        assertThat(taken.status()).as(taken.text()).isEqualTo(202);
        assertThat(taken.json().path("accepted").asInt()).isEqualTo(1);
        unchanged(() -> assertFieldProblem(api().post(BULK, item,
                Map.of("Idempotency-Key", longest + "k")), "Idempotency-Key"));
    }

    /** A valid addition to this test's account, with one member set to the raw JSON value. */
    private String single(String field, String value) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("accountId", "\"" + accountId + "\"");
        members.put("transactionId", "\"" + UUID.randomUUID() + "\"");
        members.put("transactionType", "\"Addition\"");
        members.put("amount", "10");
        members.put("description", "\"Limits\"");
        members.put("source", "\"Purchase\"");
        members.put("transactionDate", "\"2024-11-13T08:16:27.949Z\"");
        members.put(field, value);
        StringBuilder body = new StringBuilder("{");
        members.forEach((name, json) -> body.append(body.length() == 1 ? "" : ",")
                .append('"').append(name).append("\":").append(json));
        return body.append('}').toString();
    }

    /**
     * 1000 bulk items with every string at its length limit: the free texts all in three-byte
     * characters, written raw in UTF-8 or each as a six-byte JSON escape; timestamps with nine
     * fractional digits, amounts with every digit. Every item names an unknown definition, so
     * the body is read whole and nothing is written.
     */
    private static String bulkOfWidestItems(boolean escaped) {
        String wide = escaped ? "\\u20ac" : "€";
        String time = "\"2023-06-01T08:40:51.658123456+02:00\"";
        StringBuilder body = new StringBuilder("[");
        for (int index = 0; index < 1000; index++) {
            body.append(index == 0 ? "" : ",").append("{\"contactId\":\"")
                    .append(String.format("%064d", index)).append("\",\"definitionId\":")
                    .append(UNKNOWN_DEFINITION_ID).append(",\"amount\":-999999999999.9999,")
                    .append("\"timeStamp\":").append(time).append(",\"validFrom\":").append(time)
                    .append(",\"validTo\":").append(time.replace("2023", "2099"))
                    .append(",\"source\":\"").append(wide.repeat(64))
                    .append("\",\"description\":\"").append(wide.repeat(1000))
                    .append("\",\"transactionId\":\"").append(String.format("%064d", index))
                    .append("\",\"retailTransactionLineItemId\":\"").append(wide.repeat(64))
                    .append("\"}");
        }
        return body.append("]").toString();
    }

    /** A syntactically valid bulk body of at least the given size. */
    private static byte[] bulkBody(long sizeMin) {
        String item = "{\"contactId\":\"big\",\"definitionId\":1,\"amount\":1,\"source\":\"s\","
                + "\"description\":\"" + "d".repeat(1000) + "\"}";
        StringBuilder body = new StringBuilder("[").append(item);
        while (body.length() < sizeMin) {
            body.append(',').append(item);
        }
        return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Runs the call and asserts that the ledger holds exactly what it held before. */
    private <T> T unchanged(Supplier<T> call) {
        LedgerState before = LedgerState.of(jdbc);
        T result = call.get();
        assertThat(LedgerState.of(jdbc)).isEqualTo(before);
        return result;
    }

    private void unchanged(Runnable call) {
        unchanged(() -> {
            call.run();
            return null;
        });
    }
}
