package org.pointsledger.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Problems.FRAMEWORK_TYPE;
import static org.pointsledger.api.support.Problems.assertFieldProblem;
import static org.pointsledger.api.support.Problems.assertProblem;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerWebSliceTest;

/**
 * Proves the limits on every request that need no database: media types, methods and paths,
 * JSON shape, types, lengths, ranges, malformed ids and parameters, the body size limit and
 * the request id. Each refusal reaches neither the database nor the command bus (see
 * LedgerWebSliceTest); what the container itself refuses, and what is read over a real
 * connection, is RequestLimitsApiTest's.
 */
class RequestLimitsSliceTest extends LedgerWebSliceTest {

    private static final String ACCOUNTS = "/api/v3/point-accounts";
    private static final String TRANSACTIONS = "/api/v3/point-transactions";
    private static final String BULK = "/api/v3/point-accounts/transactions";
    private static final String DEFINITIONS = "/api/v3/point-accounts/definitions";
    private static final String API_KEYS = "/api/v3/admin/api-keys";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    /** The README's default body limit, "8 MB", as Spring reads {@code 8MB}: 8 MiB. */
    private static final long BODY_BYTES_MAX = 8L * 1024 * 1024;
    /** The README's longest {@code X-Request-Id} kept. */
    private static final int REQUEST_ID_LENGTH_MAX = 64;
    /** An account id: no request here gets far enough to look it up. */
    private static final String ACCOUNT_ID = UUID.randomUUID().toString();
    /** A definition id: no request here gets far enough to look it up. */
    private static final int DEFINITION_ID = 1_234_567;

    @Test
    void anyCall_answersProblemJson_forWrongMediaTypeMethodAcceptOrPath() {
        String body = "{\"contactId\":\"x\",\"definitionId\":1}";
        assertProblem(api().send("POST", ACCOUNTS, body, Map.of("Content-Type", "text/plain")),
                415, "unsupported-media-type");
        assertProblem(api().send("POST", ACCOUNTS, body,
                Map.of("Content-Type", "application/x-www-form-urlencoded")), 415,
                "unsupported-media-type");
        assertProblem(api().send("POST", ACCOUNTS, body, Map.of()), 415,
                "unsupported-media-type");
        assertProblem(api().send("DELETE", ACCOUNTS + "/" + ACCOUNT_ID, null, Map.of()), 405,
                FRAMEWORK_TYPE);
        assertProblem(api().send("PATCH", TRANSACTIONS, body, JSON), 405, FRAMEWORK_TYPE);
        assertProblem(api().send("GET", ACCOUNTS + "/" + ACCOUNT_ID, null,
                Map.of("Accept", "text/csv")), 406, "not-acceptable");
        // A valid write that the client could not read the answer of is not applied at all.
        String valid = single("amount", "10");
        assertProblem(api().send("POST", TRANSACTIONS, valid,
                Map.of("Content-Type", "application/json", "Accept", "text/csv")), 406,
                "not-acceptable");
        assertProblem(api().send("POST", TRANSACTIONS, valid,
                Map.of("Content-Type", "application/json", "Accept", "garbage")), 406,
                "not-acceptable");
        assertProblem(api().send("POST", TRANSACTIONS, valid, Map.of("Content-Type", "*/*")),
                415, "unsupported-media-type");
        assertProblem(api().get("/api/v3/no-such-thing"), 404, FRAMEWORK_TYPE);
        assertProblem(api().get("/no-such-thing"), 404, FRAMEWORK_TYPE);
    }

    @Test
    void anyWrite_answers400NamingTheBody_whenTheBodyIsMissingMalformedOrOfTheWrongShape() {
        for (String body : new String[] {"", "null", "[]", "[{}]", "\"text\"", "12", "{",
                "{\"contactId\":\"x\",}", "{'contactId':'x'}", "{\"contactId\":\"x\"} trailing"}) {
            assertFieldProblem(api().post(ACCOUNTS, body), "body");
            assertFieldProblem(api().post(TRANSACTIONS, body), "body");
        }
        for (String body : new String[] {"", "null", "{}", "{", "12", "[1,"}) {
            assertFieldProblem(api().post(BULK, body), "body");
        }
        byte[] invalidUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
            '"', '}'};
        assertProblem(api().sendRaw("PUT", DEFINITIONS + "/" + DEFINITION_ID, invalidUtf8, JSON),
                400, "invalid-request");
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertFieldProblem(api().post(BULK, deep), "body");
        assertFieldProblem(api().post(TRANSACTIONS, "{\"a\":" + deep + "}"), "body");
    }

    @Test
    void addTransaction_answers400NamingTheField_whenAValueHasTheWrongTypeOrRange() {
        assertSingleRefused("amount", "\"12\"");
        assertSingleRefused("amount", "true");
        assertSingleRefused("amount", "1e400");
        // A number longer than the parser takes is refused while reading: a malformed body.
        assertFieldProblem(api().post(TRANSACTIONS, single("amount", "1" + "0".repeat(200))),
                "body");
        assertSingleRefused("amount", "0.00001");
        assertSingleRefused("amount", "1000000000000");
        assertSingleRefused("transactionId", "12");
        assertSingleRefused("transactionId", "\"" + "t".repeat(65) + "\"");
        assertSingleRefused("transactionType", "\"Gift\"");
        assertSingleRefused("transactionType", "1");
        assertSingleRefused("source", "\"" + "s".repeat(65) + "\"");
        assertSingleRefused("source", "{}");
        assertSingleRefused("description", "\"" + "d".repeat(1001) + "\"");
        assertSingleRefused("description", "\"null byte \\u0000 inside\"");
        assertSingleRefused("description", "\"bell \\u0007\"");
        assertSingleRefused("description", "\"half a pair \\ud800\"");
        assertSingleRefused("description", "[\"a\"]");
        assertSingleRefused("retailTransactionLineItemId", "\"" + "r".repeat(65) + "\"");
        assertSingleRefused("validFrom", "1700000000");
        assertSingleRefused("validFrom", "\"2024-01-01T00:00:00\"");
        assertSingleRefused("validFrom", "\"1969-12-31T23:59:59Z\"");
        assertSingleRefused("validTo", "\"10000-01-01T00:00:00Z\"");
        assertSingleRefused("validTo", "\"+999999999-12-31T23:59:59-18:00\"");
        assertSingleRefused("transactionDate", "\"-999999999-01-01T00:00:00+18:00\"");
        assertSingleRefused("accountId", "\"not-a-uuid\"");
        assertSingleRefused("accountId", "42");
    }

    @Test
    void addTransaction_answers400NamingTheField_whenAKeyAppearsTwice() {
        String body = single("amount", "10").replace("{", "{\"amount\":20,");
        assertFieldProblem(api().post(TRANSACTIONS, body), "amount");
    }

    @Test
    void openAccountAndPutDefinition_answer400NamingTheField_whenAValueHasTheWrongType() {
        assertFieldProblem(api().post(ACCOUNTS, "{\"contactId\":12,\"definitionId\":1}"),
                "contactId");
        assertFieldProblem(api().post(ACCOUNTS, "{\"contactId\":\"a\",\"definitionId\":\"1\"}"),
                "definitionId");
        assertFieldProblem(api().post(ACCOUNTS, "{\"contactId\":\"a\",\"definitionId\":1.5}"),
                "definitionId");
        assertFieldProblem(api().post(ACCOUNTS,
                "{\"contactId\":\"a\",\"definitionId\":99999999999}"), "definitionId");
        String definition = DEFINITIONS + "/" + DEFINITION_ID;
        assertFieldProblem(api().put(definition,
                "{\"name\":\"n\",\"allowNegativeBalance\":\"yes\"}"), "allowNegativeBalance");
        assertFieldProblem(api().put(definition,
                "{\"name\":\"n\",\"allowNegativeBalance\":1}"), "allowNegativeBalance");
        assertFieldProblem(api().put(definition,
                "{\"name\":\"" + "n".repeat(201) + "\"}"), "name");
        assertFieldProblem(api().put(definition, "{\"name\":\"tab\\u0000\"}"), "name");
        assertFieldProblem(api().put(definition,
                "{\"name\":\"n\",\"defaultValidityMonths\":1e400}"), "defaultValidityMonths");
    }

    @Test
    void reads_answer400NamingTheParameter_whenAPathIdOrQueryParameterIsMalformed() {
        assertFieldProblem(api().get(ACCOUNTS + "/not-a-uuid"), "id");
        assertFieldProblem(api().get(TRANSACTIONS + "/" + "t".repeat(65)), "id");
        assertFieldProblem(api().get(BULK + "/a%20b"), "id");
        assertFieldProblem(api().get(DEFINITIONS + "/one"), "id");
        assertFieldProblem(api().get(DEFINITIONS + "/99999999999"), "id");
        assertFieldProblem(api().get(TRANSACTIONS + "?id=not-a-uuid"), "id");
        assertFieldProblem(api().get(BULK + "?accountId=%00"), "accountId");
        assertFieldProblem(api().get(ACCOUNTS + "?contactId=a%00b"), "contactId");
        assertFieldProblem(api().get(ACCOUNTS + "?contactId=a&offset=-1"), "offset");
        assertFieldProblem(api().get(ACCOUNTS + "?contactId=a&offset=1e3"), "offset");
        assertFieldProblem(api().get(ACCOUNTS + "?contactId=a&count=99999999999"), "count");
        assertFieldProblem(api().get(BULK + "?contactId=a&definitionId=x"), "definitionId");
    }

    @Test
    void anyWrite_readsABodyOfExactly8MB_andRefusesOneByteMore() {
        byte[] atLimit = paddedEmptyBulk(BODY_BYTES_MAX);
        byte[] pastLimit = paddedEmptyBulk(BODY_BYTES_MAX + 1);

        // Read whole, then refused for what it holds (no item), not for its size.
        assertFieldProblem(api().sendRaw("POST", BULK, atLimit, JSON), "body");
        Api.Response refused = api().sendRaw("POST", BULK, pastLimit, JSON);
        assertThat(assertProblem(refused, 413, "body-too-large").path("detail").asText())
                .contains(BODY_BYTES_MAX + " bytes");
    }

    @Test
    void anyCall_keepsARequestIdOf64Characters_andReplacesALongerOne() {
        String longest = "a.b_c:d-" + "x".repeat(REQUEST_ID_LENGTH_MAX - 8);
        String tooLong = longest + "x";

        Api.Response kept = api().send("GET", API_KEYS, null, Map.of("X-Request-Id", longest));
        Api.Response replaced = api().send("GET", API_KEYS, null,
                Map.of("X-Request-Id", tooLong));

        assertThat(kept.status()).as(kept.text()).isEqualTo(200);
        assertThat(kept.header("X-Request-Id")).isEqualTo(longest);
        assertThat(replaced.header("X-Request-Id")).isNotBlank().isNotEqualTo(tooLong)
                .doesNotContain(longest);
    }

    /** {@code []} and spaces: valid JSON of exactly this many bytes, holding no item. */
    private static byte[] paddedEmptyBulk(long size) {
        byte[] body = new byte[(int) size];
        Arrays.fill(body, (byte) ' ');
        body[0] = '[';
        body[body.length - 1] = ']';
        return body;
    }

    private void assertSingleRefused(String field, String value) {
        assertFieldProblem(api().post(TRANSACTIONS, single(field, value)), field);
    }

    /** A valid addition, with one member set to the raw JSON value. */
    private static String single(String field, String value) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("accountId", "\"" + ACCOUNT_ID + "\"");
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
}
