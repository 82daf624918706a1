package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.BulkItems;
import org.pointsledger.api.support.EventStoreReplay;
import org.pointsledger.api.support.PostgresDatabase;
import org.pointsledger.api.support.ServiceProcess;
import org.pointsledger.api.support.TestDatabase;
import org.pointsledger.commands.transactions.BulkWriter;
import org.pointsledger.domain.account.AccountId;

/**
 * Proves a service killed (SIGKILL) in the middle of a bulk request that spans several
 * transactions keeps whole chunks of it only, and that the request sent again under its
 * Idempotency-Key completes it: each item once, every hash chain intact, read models equal to
 * a replay. The seed of the kill's timing is printed (-Dledger.crash.seed=N).
 */
class BulkCrashTest {

    private static final String BULK = "/api/v3/point-accounts/transactions";
    private static final int CHUNK = BulkWriter.CHUNK_ACCOUNTS_MAX;
    /** Four chunks of one item per contact. */
    private static final int CONTACTS = 4 * CHUNK;
    /** Runs tried until a kill lands after the first chunk and before the last. */
    private static final int ATTEMPTS_MAX = 5;
    private static final int KILL_DELAY_MILLISECONDS_MAX = 300;
    private static final Duration FIRST_CHUNK_WAIT_MAX = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PostgresDatabase database;
    private ServiceProcess service;

    @BeforeEach
    void requirePostgres() {
        assumeTrue(TestDatabase.isPostgres(), "BulkCrashTest runs the service as a separate"
                + " process on PostgreSQL: set LEDGER_TEST_DB_URL (CI does)");
        database = PostgresDatabase.create("bulk_crash");
        service = ServiceProcess.of("bulk-crash", Path.of("target"),
                ServiceProcess.database(database.url(), database.user(), database.password()));
    }

    @AfterEach
    void stopEverything() {
        if (service != null) {
            service.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void bulk_keepsWholeChunksOnly_whenKilledMidRequest_andItsRepeatAppliesTheRestOnce()
            throws Exception {
        long seed = Long.getLong("ledger.crash.seed", new SecureRandom().nextLong());
        System.out.printf("BulkCrashTest: seed %d%n", seed);
        Random random = new Random(seed);
        HttpClient http = HttpClient.newHttpClient();
        for (int attempt = 1; attempt <= ATTEMPTS_MAX; attempt++) {
            service.start();
            String run = "bulk-crash-" + UUID.randomUUID().toString().substring(0, 8);
            String body = request(run).toString();
            String key = "bulk-crash-" + UUID.randomUUID();
            CompletableFuture<HttpResponse<String>> cutOff = http.sendAsync(post(body, key),
                    HttpResponse.BodyHandlers.ofString());
            awaitFirstChunk(run);
            Thread.sleep(random.nextInt(KILL_DELAY_MILLISECONDS_MAX));
            service.kill();
            TreeSet<Integer> kept = contactsWithAnAccount(run);
            System.out.printf("BulkCrashTest: attempt %d kept %d of %d contacts%n", attempt,
                    kept.size(), CONTACTS);
            assertThat(kept.size() % CHUNK).as("contacts kept: whole chunks only")
                    .isZero();
            assertThat(kept).as("the chunks kept are the first ones")
                    .isEqualTo(firstContacts(kept.size()));
            assertThat(transactionCount(run)).as("transactions kept").isEqualTo(kept.size());
            if (kept.size() == CONTACTS) {
                continue;
            }
            assertThat(cutOff.handle((answer, failure) -> failure).get(30, TimeUnit.SECONDS))
                    .as("the request the kill cut off").isNotNull();

            service.start();
            HttpResponse<String> again = http.send(post(body, key),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
            JsonNode answer = JSON.readTree(again.body());
            assertThat(answer.path("accepted").asInt()).isEqualTo(CONTACTS);
            assertThat(answer.path("notAccepted")).isEmpty();
            assertThat(transactionCount(run)).as("transactions").isEqualTo(CONTACTS);
            assertEveryAccountExactAndVerified(run);
            return;
        }
        throw new AssertionError("no kill landed in the middle of the request in "
                + ATTEMPTS_MAX + " attempts");
    }

    /** One addition per contact, without ids: the Idempotency-Key's seed gives them theirs. */
    private static ArrayNode request(String run) {
        ArrayNode items = JSON.createArrayNode();
        Instant now = Instant.now();
        for (int contact = 0; contact < CONTACTS; contact++) {
            items.add(BulkItems.item(now, run + "-" + contact, amount(contact), "Purchase",
                    "bulk crash " + contact));
        }
        return items;
    }

    private static String amount(int contact) {
        return String.valueOf(contact % 9 + 1);
    }

    private HttpRequest post(String body, String key) {
        return HttpRequest.newBuilder(URI.create(service.baseUrl() + BULK))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(ServiceProcess.API_KEY_HEADER, ServiceProcess.API_KEY)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Waits until the request's first chunk is committed (its accounts are visible). */
    private void awaitFirstChunk(String run) throws Exception {
        long deadline = System.nanoTime() + FIRST_CHUNK_WAIT_MAX.toNanos();
        while (contactsWithAnAccount(run).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no chunk committed within " + FIRST_CHUNK_WAIT_MAX);
            }
            Thread.sleep(2);
        }
    }

    private TreeSet<Integer> contactsWithAnAccount(String run) throws Exception {
        TreeSet<Integer> contacts = new TreeSet<>();
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement(
                     "select contact_id from point_account where contact_id like ?")) {
            query.setString(1, run + "-%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String contactId = rows.getString(1);
                    contacts.add(Integer.parseInt(contactId.substring(run.length() + 1)));
                }
            }
        }
        return contacts;
    }

    private static TreeSet<Integer> firstContacts(int count) {
        TreeSet<Integer> contacts = new TreeSet<>();
        for (int contact = 0; contact < count; contact++) {
            contacts.add(contact);
        }
        return contacts;
    }

    private long transactionCount(String run) throws Exception {
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement("select count(*) from"
                     + " point_transaction t join point_account a on a.id = t.account_id"
                     + " where a.contact_id like ?")) {
            query.setString(1, run + "-%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private void assertEveryAccountExactAndVerified(String run) throws Exception {
        Api api = service.api();
        Map<String, String> unverified = new HashMap<>();
        try (Connection connection = database.connect()) {
            for (int contact = 0; contact < CONTACTS; contact++) {
                String accountId = AccountId.of(run + "-" + contact, 1).toString();
                BigDecimal balance = api.get("/api/v3/point-accounts/" + accountId).json()
                        .path("balance").decimalValue();
                assertThat(balance).as("contact %d", contact)
                        .isEqualByComparingTo(amount(contact));
                JsonNode verification = api.get("/api/v3/point-accounts/" + accountId
                        + "/verify").json();
                if (!verification.path("verified").asBoolean()) {
                    unverified.put(accountId, verification.toString());
                }
                assertThat(EventStoreReplay.differences(connection, accountId, Instant.now(),
                        balance)).as("read models against a replay").isEmpty();
            }
        }
        assertThat(unverified).as("accounts whose chain or read models do not verify")
                .isEmpty();
    }
}
