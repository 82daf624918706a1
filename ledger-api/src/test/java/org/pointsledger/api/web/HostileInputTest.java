package org.pointsledger.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.LedgerState;
import org.pointsledger.api.support.Problems;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves that no input of any shape, on any endpoint and method, gets a 5xx, and that every
 * refusal is problem+json of a type documented for its status, leaking nothing, and leaves the
 * event store and every read model as they were. The inputs are jqwik-generated mutations of
 * the seed's own valid examples; the seed is printed and can be replayed with
 * -Dledger.hostile-input.seed=N.
 */
class HostileInputTest extends LedgerIntegrationTest {

    /**
     * Requests per run, as the README says; a fixed count, not a time budget, so a seed replays
     * the same run whatever the machine's speed. -Dledger.hostile-input.cases=N for a short try.
     */
    private static final int CASES = Integer.getInteger("ledger.hostile-input.cases", 1500);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Definitions the test may create or update; fixed, so it never fills the table. */
    private static final List<Integer> FUZZ_DEFINITION_IDS = List.of(900_001, 900_002);

    @Autowired
    private JdbcTemplate jdbc;

    /** One request: what is sent, and how to show it when it fails. */
    record Case(String method, String path, Map<String, String> headers, byte[] body) {

        String describe() {
            String text = body == null ? "<none>" : new String(body, StandardCharsets.UTF_8);
            return method + " " + path + " " + headers + " body: "
                    + (text.length() > 400 ? text.substring(0, 400) + "..." : text);
        }
    }

    @Test
    void anyInput_neverAnswers5xx_andEveryRefusalIsProblemJsonThatChangesNothing() {
        long seed = Long.getLong("ledger.hostile-input.seed", new Random().nextLong());
        String contactId = uniqueContactId("hostile");
        String accountId = Accounts.open(api(), contactId);
        String transactionId = "hostile-" + UUID.randomUUID();
        Api.Response added = api().post(TRANSACTIONS,
                object(singleSeed(accountId, transactionId), false));
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        Arbitrary<Case> cases = cases(contactId, accountId, transactionId);

        Random random = new Random(seed);
        System.out.printf("HostileInputTest: seed %d, %d cases%n", seed, CASES);
        int sent = 0;
        int refused = 0;
        while (sent < CASES) {
            Case hostile = cases.generator(1000).next(random).value();
            refused += check(hostile, seed) ? 1 : 0;
            sent++;
        }
        System.out.printf("HostileInputTest: seed %d, %d cases, %d refused with 4xx%n", seed,
                sent, refused);
        assertThat(sent).isEqualTo(CASES);
        assertThat(refused).isGreaterThan(sent / 2);
    }

    /** Sends the case and asserts the rules; true when it was refused. */
    private boolean check(Case hostile, long seed) {
        LedgerState before = LedgerState.of(jdbc);
        Api.Response response = api().sendRaw(hostile.method(), hostile.path(),
                hostile.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(hostile.body()),
                hostile.headers());
        String context = "seed " + seed + ": " + hostile.describe() + "\n answered "
                + response.status() + " " + response.text();
        assertThat(response.status()).as(context).isBetween(200, 499);
        if (response.status() < 400) {
            return false;
        }
        try {
            Problems.assertDocumentedProblem(response);
        } catch (AssertionError wrong) {
            throw new AssertionError(context + "\n " + wrong.getMessage(), wrong);
        }
        assertThat(LedgerState.of(jdbc)).as(context).isEqualTo(before);
        return true;
    }

    private static final String ACCOUNTS = "/api/v3/point-accounts";
    private static final String DEFINITIONS = "/api/v3/point-accounts/definitions";
    private static final String TRANSACTIONS = "/api/v3/point-transactions";
    private static final String BULK = "/api/v3/point-accounts/transactions";
    private static final String API_KEYS = "/api/v3/admin/api-keys";
    private static final String DEAD_LETTERS = "/api/v3/admin/dead-letters";
    /**
     * Read only: a valid rebuild would rewrite the read models in the background while the
     * test compares them; ProjectionRebuildTest covers its refusals.
     */
    private static final String PROJECTIONS = "/api/v3/admin/projections";
    /** Keys the test may mint; fixed names, so a valid mint happens at most twice. */
    private static final List<String> FUZZ_KEY_NAMES = List.of("hostile-key-1", "hostile-key-2");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE",
            "PATCH");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "garbage",
            "application/json; charset=UTF-16", "*/*", "");
    private static final List<String> ACCEPTS = List.of("text/csv", "application/xml",
            "garbage", "*/*", "application/json", "application/problem+json");
    private static final List<String> PARAMETERS = List.of("contactId", "offset", "count",
            "sortBy", "sortOrder", "filter", "id", "accountId", "definitionId", "asOf", "after");
    /** Raw JSON values chosen to sit on or just past a limit, or to have the wrong type. */
    private static final List<String> HOSTILE_VALUES = List.of("null", "true", "0", "-1", "1.5",
            "1e400", "-1e400", "1e-400", "0.00001", "0.0001", "-0.0001", "999999999999.9999",
            "1000000000000", "-1000000000000", "99999999999", "2147483648", "-2147483649", "\"\"",
            "\" \"", "\"" + "x".repeat(64) + "\"", "\"" + "x".repeat(65) + "\"",
            "\"" + "x".repeat(1000) + "\"", "\"" + "x".repeat(1001) + "\"",
            "\"" + "€".repeat(201) + "\"", "\"\\u0000\"", "\"a\\u0007b\"", "\"\\ud800\"",
            "\"\\udc00x\"", "\"😀\"", "[]", "{}", "[1]", "{\"a\":1}", "\"12\"", "\"1.5\"",
            "\"true\"", "\"2024-01-01\"", "\"2024-01-01T00:00:00\"",
            "\"1969-12-31T23:59:59Z\"", "\"1970-01-01T00:00:00Z\"",
            "\"9999-12-31T23:59:59.999999999Z\"", "\"10000-01-01T00:00:00Z\"",
            "\"+999999999-12-31T23:59:59-18:00\"", "\"-999999999-01-01T00:00:00+18:00\"",
            "\"2024-02-30T00:00:00Z\"", "1700000000", "\"Addition\"", "\"deduction\"",
            "\"Adjustment\"", "\"Gift\"", "\"Automation\"", "\"Purchase\"");


    private Arbitrary<Case> cases(String contactId, String accountId, String transactionId) {
        return Arbitraries.randomValue(random -> {
            int kind = random.nextInt(10);
            if (kind < 3) {
                return read(random, contactId, accountId, transactionId);
            }
            Case write = write(random, contactId, accountId, transactionId);
            return random.nextInt(8) == 0 ? wrongMethod(random, write) : write;
        });
    }

    private Case read(Random random, String contactId, String accountId,
                      String transactionId) {
        String id = pick(random, List.of(accountId, accountId.toUpperCase(), transactionId,
                "1", "0", "-1", "99999999999", encode(wildText(random)),
                encode(printableText(random)), "%00", "%2F", "%5C", "..", "%C3%28",
                "x".repeat(300), encode("€".repeat(70))));
        String path = pick(random, List.of(ACCOUNTS + "/" + id, DEFINITIONS + "/" + id,
                TRANSACTIONS + "/" + id, BULK + "/" + id, ACCOUNTS, TRANSACTIONS, BULK,
                DEFINITIONS, "/api/v3/" + id, "/api/v3/point-accounts/" + id + "/" + id,
                API_KEYS, API_KEYS + "/" + id, DEAD_LETTERS, DEAD_LETTERS + "/" + id,
                PROJECTIONS, PROJECTIONS + "/" + id, TRANSACTIONS + "/changes",
                ACCOUNTS + "/" + id + "/events", ACCOUNTS + "/" + accountId + "/events",
                ACCOUNTS + "/" + id + "/balance", ACCOUNTS + "/" + accountId + "/balance",
                ACCOUNTS + "/" + id + "/verify", ACCOUNTS + "/" + accountId + "/verify"));
        StringBuilder query = new StringBuilder();
        for (int count = random.nextInt(5); count > 0; count--) {
            String value = pick(random, List.of(accountId, contactId, "1", "0", "-5", "1001",
                    "1000", "99999999999", "1e3", "", "Active", "pending", "ALL", "Expired",
                    "asc", "Descending", "CreatedOn", "Amount", "2024-11-13T08:16:27Z",
                    "2024-11-13T08:16:27", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
                    "ZmVlZDE6MQ", "ZmVlZDE6LTE", "ZmVlZDI6MQ", "feed1:1", "%3D%3D",
                    encode("2024-11-13T10:16:27.9491234+02:00"), encode(wildText(random)),
                    encode(printableText(random))));
            query.append(query.isEmpty() ? "?" : "&").append(pick(random, PARAMETERS))
                    .append('=').append(value);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextInt(5) == 0) {
            headers.put("Accept", pick(random, ACCEPTS));
        }
        return new Case("GET", path + query, headers, null);
    }

    private Case write(Random random, String contactId, String accountId,
                       String transactionId) {
        int endpoint = random.nextInt(6);
        if (endpoint == 5) {
            return adminAction(random, accountId);
        }
        String method = endpoint == 2 ? "PUT" : "POST";
        String path = switch (endpoint) {
            case 0 -> TRANSACTIONS;
            case 1 -> BULK;
            case 2 -> DEFINITIONS + "/" + pick(random, List.of(
                    String.valueOf(FUZZ_DEFINITION_IDS.get(0)),
                    String.valueOf(FUZZ_DEFINITION_IDS.get(1)), "0", "-1", "x", "99999999999"));
            case 4 -> API_KEYS;
            default -> ACCOUNTS;
        };
        Map<String, String> members = switch (endpoint) {
            case 0 -> singleSeed(accountId, random.nextBoolean() ? transactionId
                    : "hostile-" + random.nextInt(1000));
            case 1 -> bulkItemSeed(contactId);
            case 2 -> definitionSeed();
            case 4 -> apiKeySeed(random);
            default -> accountSeed(contactId);
        };
        for (int count = 1 + random.nextInt(3); count > 0; count--) {
            mutate(random, members);
        }
        String json = object(members, random.nextInt(10) == 0);
        if (endpoint == 1) {
            json = random.nextInt(6) == 0 ? json : "[" + json + ","
                    + object(bulkItemSeed(contactId), false) + "]";
        }
        byte[] body = wholeBodyMutation(random, json);
        Map<String, String> headers = new LinkedHashMap<>();
        String contentType = random.nextInt(8) == 0 ? pick(random, CONTENT_TYPES)
                : "application/json";
        if (!contentType.isEmpty()) {
            headers.put("Content-Type", contentType);
        }
        if (random.nextInt(8) == 0) {
            headers.put("Accept", pick(random, ACCEPTS));
        }
        if (endpoint == 1 && random.nextInt(3) == 0) {
            headers.put("Idempotency-Key", random.nextBoolean() ? printableText(random)
                    : "k".repeat(random.nextBoolean() ? 255 : 256));
        }
        return new Case(method, path, headers, body);
    }

    /** Revokes an API key, or retries a processing group's dead letters, by an odd id. */
    private static Case adminAction(Random random, String accountId) {
        String id = pick(random, List.of(UUID.randomUUID().toString(), accountId, "1", "-1",
                "ledger-daily-totals", "ledger-read-models", encode(wildText(random)),
                encode(printableText(random)), "%00", "..", "x".repeat(300)));
        return random.nextBoolean()
                ? new Case("DELETE", API_KEYS + "/" + id, Map.of(), null)
                : new Case("POST", DEAD_LETTERS + "/" + id + "/retry", Map.of(), null);
    }

    private static Case wrongMethod(Random random, Case write) {
        String method = pick(random, METHODS);
        return new Case(method, write.path(), write.headers(), write.body());
    }

    /** Drops, retypes, duplicates or adds a member of the object. */
    private static void mutate(Random random, Map<String, String> members) {
        List<String> names = new ArrayList<>(members.keySet());
        String name = names.isEmpty() ? "field" : pick(random, names);
        switch (random.nextInt(6)) {
            case 0 -> members.remove(name);
            case 1 -> members.put(name + "\u0000duplicate", members.getOrDefault(name, "1"));
            case 2 -> members.put(pick(random, List.of("unknown", "id", "balance", "type",
                    "links")), pick(random, HOSTILE_VALUES));
            case 3 -> members.put(name, "[".repeat(100) + "]".repeat(100));
            default -> members.put(name, pick(random, HOSTILE_VALUES));
        }
    }

    /** Replaces the body, now and then, by something that is not the JSON it was. */
    private static byte[] wholeBodyMutation(Random random, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(14)) {
            case 0 -> new byte[0];
            case 1 -> "null".getBytes(StandardCharsets.UTF_8);
            case 2 -> java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 3 -> {
                byte[] junk = new byte[random.nextInt(200)];
                random.nextBytes(junk);
                yield junk;
            }
            case 4 -> {
                byte[] broken = bytes.clone();
                broken[random.nextInt(broken.length)] = (byte) (0x80 + random.nextInt(0x80));
                yield broken;
            }
            case 5 -> ("[" + json + "]").getBytes(StandardCharsets.UTF_8);
            case 6 -> ("{\"items\":" + json + "}").getBytes(StandardCharsets.UTF_8);
            default -> bytes;
        };
    }

    /**
     * The object's JSON text; a member whose name holds a NUL marker is written under the
     * name before it, so the key appears twice.
     */
    private static String object(Map<String, String> members, boolean pretty) {
        StringBuilder json = new StringBuilder("{");
        members.forEach((name, value) -> json.append(json.length() == 1 ? "" : ",")
                .append(pretty ? "\n  " : "").append('"')
                .append(name.contains("\u0000") ? name.substring(0, name.indexOf('\u0000'))
                        : name).append("\":").append(value));
        return json.append(pretty ? "\n}" : "}").toString();
    }

    private static Map<String, String> singleSeed(String accountId, String transactionId) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("accountId", quote(accountId));
        members.put("transactionId", quote(transactionId));
        members.put("transactionType", "\"Addition\"");
        members.put("amount", "719.7");
        members.put("description", "\"@@(Bonus.Points) - Slim Fit T-shirt\"");
        members.put("source", "\"Purchase\"");
        members.put("transactionDate", "\"2024-11-13T08:16:27.949Z\"");
        members.put("validFrom", "\"2024-11-13T08:16:27.949Z\"");
        members.put("validTo", "\"2099-11-13T08:16:27.949Z\"");
        members.put("retailTransactionLineItemId", "\"d5ad8be8-6785-4922-95fe-b12500d3ff91\"");
        return members;
    }

    private static Map<String, String> bulkItemSeed(String contactId) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("contactId", quote(contactId));
        members.put("amount", "12");
        members.put("definitionId", "1");
        members.put("timeStamp", "\"2023-06-01T08:40:51.658Z\"");
        members.put("source", "\"Purchase\"");
        members.put("description", "\"Gilded gauntlets\"");
        members.put("validFrom", "\"2023-06-16T08:40:51.658Z\"");
        members.put("validTo", "\"2099-06-16T08:40:51.658Z\"");
        return members;
    }

    private static Map<String, String> definitionSeed() {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("name", "\"Hostile points\"");
        members.put("description", "\"Made by the hostile input test\"");
        members.put("allowNegativeBalance", "false");
        members.put("defaultValidityMonths", "12");
        return members;
    }

    private static Map<String, String> apiKeySeed(Random random) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("name", quote(pick(random, FUZZ_KEY_NAMES)));
        members.put("scopes", "[\"points:read\"]");
        members.put("requestsPerSecond", "5");
        members.put("burst", "10");
        return members;
    }

    private static Map<String, String> accountSeed(String contactId) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("contactId", quote(contactId));
        members.put("definitionId", "1");
        return members;
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * Any UTF-16 code units, up to 80: controls, lone surrogates and emoji included. (jqwik's
     * string arbitraries need a jqwik thread; this test runs on JUnit's, sharing the Spring
     * context, so it draws its texts from the seeded Random itself.)
     */
    private static String wildText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int length = random.nextInt(81); length > 0; length--) {
            text.append(switch (random.nextInt(4)) {
                case 0 -> (char) random.nextInt(0x20);
                case 1 -> (char) (0xD800 + random.nextInt(0x800));
                case 2 -> (char) random.nextInt(0x10000);
                default -> (char) (0x20 + random.nextInt(0x5F));
            });
        }
        return text.toString();
    }

    private static String printableText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int length = random.nextInt(41); length > 0; length--) {
            text.append((char) (0x20 + random.nextInt(0x5F)));
        }
        return text.toString();
    }

    private static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
