package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.Await;
import org.pointsledger.api.support.EventStoreReplay;
import org.pointsledger.api.support.PostgresDatabase;
import org.pointsledger.api.support.ServiceProcess;
import org.pointsledger.api.support.TestDatabase;

/**
 * Proves no acknowledged point is lost or counted twice when the service is killed (SIGKILL)
 * again and again with requests in flight, and its read models equal a replay. The seed is
 * printed; -Dledger.crash.seed=N replays a run's choices (not the timing of the kills).
 */
class CrashSafetyTest {

    private static final String SEED_PROPERTY = "ledger.crash.seed";
    private static final int KILLS = 5;
    private static final Duration IN_FLIGHT_WAIT_MAX = Duration.ofSeconds(10);
    private static final int CLIENT_THREADS = 4;
    private static final int ACCOUNTS = 6;
    private static final int BULK_ITEMS_MAX = 40;
    /** Far above what all the additions of a run can add up to (each at most 500). */
    private static final BigDecimal UNCOVERABLE_DEDUCTION = new BigDecimal("1000000000");
    private static final int RUN_BEFORE_KILL_MILLISECONDS_MIN = 800;
    private static final int RUN_BEFORE_KILL_MILLISECONDS_MAX = 3000;
    private static final Duration RUN_AFTER_LAST_RESTART = Duration.ofSeconds(2);
    /** A client gives up on a request it could not get answered for this long: a failure. */
    private static final Duration ANSWER_WAIT_MAX = Duration.ofSeconds(150);
    private static final long RESEND_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int PAGE_COUNT_MAX = 1000;
    private static final String INSUFFICIENT_POINTS = "urn:points-ledger:problem:insufficient-points";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature
                    .USE_BIG_DECIMAL_FOR_FLOATS);

    private PostgresDatabase database;
    private ServiceProcess service;
    private ExecutorService clients;

    /** One transaction the client sent: it finds it again by its unique description. */
    private record Entry(String accountId, String description, String transactionId,
                         BigDecimal amount) {
    }

    /** One request, sent again, identical, until it is answered. */
    private record Write(String path, String body, Map<String, String> headers,
                         List<Entry> entries) {

        boolean isBulk() {
            return headers.containsKey("Idempotency-Key");
        }
    }

    /** What the client knows: every write applied or refused, and the figures of the run. */
    private static final class ExpectedLedger {
        final Map<String, Entry> applied = new ConcurrentHashMap<>();
        final Map<String, Entry> refused = new ConcurrentHashMap<>();
        final List<String> unexpectedAnswers = java.util.Collections.synchronizedList(
                new ArrayList<>());
        final AtomicInteger writesSent = new AtomicInteger();
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicInteger refusedDeductions = new AtomicInteger();
        final AtomicInteger bulkRequests = new AtomicInteger();
        final AtomicInteger bulkItems = new AtomicInteger();
        final AtomicInteger unanswered = new AtomicInteger();
        final AtomicInteger writesResent = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        /** Kills sent so far; counted up just before each SIGKILL. */
        final AtomicInteger kills = new AtomicInteger();
        /** By kill number: attempts sent before that kill that it left without an answer. */
        final AtomicIntegerArray cutOffByKill = new AtomicIntegerArray(KILLS + 1);
    }

    @BeforeEach
    void requirePostgres() {
        assumeTrue(TestDatabase.isPostgres(), "CrashSafetyTest runs the service as a separate"
                + " process on PostgreSQL: set LEDGER_TEST_DB_URL (CI does)");
        database = PostgresDatabase.create("crash");
        service = ServiceProcess.of("crash-safety", Path.of("target"),
                ServiceProcess.database(database.url(), database.user(), database.password()));
        clients = Executors.newFixedThreadPool(CLIENT_THREADS);
    }

    @AfterEach
    void stopEverything() {
        if (clients != null) {
            clients.shutdownNow();
        }
        if (service != null) {
            service.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void everyAcknowledgedWriteIsPresentOnceAndReadModelsEqualReplay_whenKilledRepeatedly()
            throws Exception {
        long started = System.nanoTime();
        long seed = Long.getLong(SEED_PROPERTY, new SecureRandom().nextLong());
        System.out.printf("CrashSafetyTest: seed %d (replay with -D%s=%d)%n", seed,
                SEED_PROPERTY, seed);
        Random random = new Random(seed);
        Instant validFrom = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        service.start();
        Map<String, String> accounts = openAccounts(service.api(), "crash-" + random.nextInt(
                1_000_000));
        ExpectedLedger ledger = new ExpectedLedger();
        AtomicBoolean stopping = new AtomicBoolean();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        List<Future<?>> running = new ArrayList<>();
        for (int thread = 0; thread < CLIENT_THREADS; thread++) {
            long clientSeed = random.nextLong();
            running.add(clients.submit(() -> drive(http, new Random(clientSeed), accounts,
                    validFrom, ledger, stopping)));
        }

        List<Integer> killedWhileInFlight = new ArrayList<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            Thread.sleep(RUN_BEFORE_KILL_MILLISECONDS_MIN + random.nextInt(
                    RUN_BEFORE_KILL_MILLISECONDS_MAX - RUN_BEFORE_KILL_MILLISECONDS_MIN));
            Await.until("a request in flight before kill " + kill, IN_FLIGHT_WAIT_MAX,
                    () -> ledger.inFlight.get() > 0);
            ledger.kills.incrementAndGet();
            killedWhileInFlight.add(ledger.inFlight.get());
            assertThat(service.kill()).as("exit code of kill %d: SIGKILL", kill)
                    .isEqualTo(ServiceProcess.SIGKILL_EXIT_CODE);
            service.start();
        }
        Thread.sleep(RUN_AFTER_LAST_RESTART.toMillis());
        stopping.set(true);
        for (Future<?> client : running) {
            client.get(ANSWER_WAIT_MAX.toSeconds(), TimeUnit.SECONDS);
        }

        List<Integer> cutOff = new ArrayList<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            cutOff.add(ledger.cutOffByKill.get(kill));
        }
        List<String> mismatches = compareWithService(service.api(), accounts, ledger);
        printFigures(ledger, killedWhileInFlight, cutOff, mismatches, started);
        assertThat(cutOff).as("requests each kill cut off, by kill (seed %d)", seed)
                .hasSize(KILLS).allSatisfy(count -> assertThat(count).isPositive());
        assertThat(ledger.unexpectedAnswers).as("answers other than applied or refused (seed %d)",
                        seed)
                .isEmpty();
        assertThat(mismatches).as("differences from the client's ledger and the replay"
                        + " (seed %d)", seed)
                .isEmpty();
        assertThat(ledger.writesResent.get()).as("writes cut off by the kills and resent")
                .isPositive();
        assertThat(ledger.applied).as("acknowledged transactions").isNotEmpty();
        assertThat(ledger.refusedDeductions.get()).as("deductions refused for lack of points")
                .isPositive();
    }

    private Map<String, String> openAccounts(Api api, String prefix) {
        Map<String, String> accounts = new HashMap<>();
        for (int index = 0; index < ACCOUNTS; index++) {
            String contactId = prefix + "-" + index;
            accounts.put(contactId, Accounts.openNew(api, contactId, 1));
        }
        return accounts;
    }

    /** One client thread: writes until told to stop, each one until it is answered. */
    private Void drive(HttpClient http, Random random, Map<String, String> accounts,
                       Instant validFrom, ExpectedLedger ledger, AtomicBoolean stopping) {
        List<String> contactIds = new ArrayList<>(accounts.keySet());
        boolean first = true;
        while (!stopping.get()) {
            int choice = random.nextInt(100);
            // Each client starts with a deduction no balance of this run can cover, so that
            // every run sees refusals as well as acknowledgements, however the dice fall.
            Write write = first
                    ? single(random, accounts, contactIds, "Deduction", validFrom,
                            UNCOVERABLE_DEDUCTION)
                    : choice < 45
                    ? single(random, accounts, contactIds, "Addition", validFrom)
                    : choice < 75 ? single(random, accounts, contactIds, "Deduction", validFrom)
                    : bulk(random, accounts, contactIds, validFrom);
            first = false;
            ledger.writesSent.incrementAndGet();
            settle(write, sendUntilAnswered(http, write, ledger), ledger);
        }
        return null;
    }

    private static Write single(Random random, Map<String, String> accounts,
                                List<String> contactIds, String type, Instant transactionDate) {
        return single(random, accounts, contactIds, type, transactionDate,
                amount(random, type.equals("Addition") ? 500 : 300));
    }

    private static Write single(Random random, Map<String, String> accounts,
                                List<String> contactIds, String type, Instant transactionDate,
                                BigDecimal amount) {
        String accountId = accounts.get(contactIds.get(random.nextInt(contactIds.size())));
        String transactionId = "crash-tx-" + uuid(random);
        String description = "crash single " + uuid(random);
        ObjectNode body = JSON.createObjectNode();
        body.put("accountId", accountId);
        body.put("transactionId", transactionId);
        body.put("transactionType", type);
        body.put("amount", amount);
        body.put("description", description);
        body.put("source", type.equals("Addition") ? "Purchase" : "RewardVoucher");
        body.put("transactionDate", transactionDate.toString());
        BigDecimal signed = type.equals("Addition") ? amount : amount.negate();
        return new Write("/api/v3/point-transactions", body.toString(), Map.of(),
                List.of(new Entry(accountId, description, transactionId, signed)));
    }

    /** Additions for any accounts; half of them with their own transactionId. */
    private static Write bulk(Random random, Map<String, String> accounts,
                              List<String> contactIds, Instant validFrom) {
        ArrayNode items = JSON.createArrayNode();
        List<Entry> entries = new ArrayList<>();
        int count = 1 + random.nextInt(BULK_ITEMS_MAX);
        for (int index = 0; index < count; index++) {
            String contactId = contactIds.get(random.nextInt(contactIds.size()));
            String transactionId = random.nextBoolean() ? "crash-bulk-" + uuid(random)
                    : null;
            String description = "crash bulk " + uuid(random);
            BigDecimal amount = amount(random, 200);
            ObjectNode item = items.addObject();
            item.put("contactId", contactId);
            item.put("definitionId", 1);
            item.put("amount", amount);
            item.put("timeStamp", validFrom.toString());
            item.put("validFrom", validFrom.toString());
            item.put("source", "Purchase");
            item.put("description", description);
            if (transactionId != null) {
                item.put("transactionId", transactionId);
            }
            entries.add(new Entry(accounts.get(contactId), description, transactionId, amount));
        }
        return new Write("/api/v3/point-accounts/transactions", items.toString(),
                Map.of("Idempotency-Key", "crash-key-" + uuid(random)), entries);
    }

    /** An id drawn from the seeded Random, so that a replayed seed sends the same ids. */
    private static UUID uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }

    /** A positive amount below {@code whole} + 1 with 0 to 4 fractional digits. */
    private static BigDecimal amount(Random random, int whole) {
        int scale = random.nextInt(5);
        long unscaled = 1 + (long) random.nextInt(whole * (int) Math.pow(10, scale));
        return BigDecimal.valueOf(unscaled, scale);
    }

    /**
     * Sends the write, and sends it again, identical, whenever it got no answer (the service
     * was killed or is starting) or a 503 (the service asks to be asked again).
     */
    private HttpResponse<String> sendUntilAnswered(HttpClient http, Write write,
                                                   ExpectedLedger ledger) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create(service.baseUrl() + write.path()))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(ServiceProcess.API_KEY_HEADER, ServiceProcess.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(write.body()));
        write.headers().forEach(builder::header);
        HttpRequest request = builder.build();
        long deadline = System.nanoTime() + ANSWER_WAIT_MAX.toNanos();
        for (int attempt = 0; ; attempt++) {
            if (attempt == 1) {
                ledger.writesResent.incrementAndGet();
            }
            int killsBefore = ledger.kills.get();
            ledger.inFlight.incrementAndGet();
            try {
                HttpResponse<String> response = http.send(request,
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 503) {
                    return response;
                }
                ledger.unavailable.incrementAndGet();
            } catch (IOException noAnswer) {
                ledger.unanswered.incrementAndGet();
                int killsAfter = ledger.kills.get();
                if (killsAfter == killsBefore + 1) {
                    ledger.cutOffByKill.incrementAndGet(killsAfter);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            } finally {
                ledger.inFlight.decrementAndGet();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no answer within " + ANSWER_WAIT_MAX + " to "
                        + write.body());
            }
            LockSupport.parkNanos(RESEND_PAUSE_NANOS);
        }
    }

    /** Books the answer in the client's ledger: applied, refused, or unexpected. */
    private static void settle(Write write, HttpResponse<String> response,
                               ExpectedLedger ledger) {
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (write.isBulk()) {
            ledger.bulkRequests.incrementAndGet();
            ledger.bulkItems.addAndGet(write.entries().size());
            if (status == 202 && body.path("accepted").asInt() == write.entries().size()
                    && body.path("notAccepted").isEmpty()) {
                applied(write, ledger);
            } else {
                ledger.unexpectedAnswers.add(status + " " + response.body());
            }
            return;
        }
        Entry entry = write.entries().get(0);
        if ((status == 200 || status == 201)
                && body.path("amount").decimalValue().compareTo(entry.amount()) == 0) {
            applied(write, ledger);
        } else if (status == 409 && entry.amount().signum() < 0
                && INSUFFICIENT_POINTS.equals(body.path("type").asText())) {
            ledger.refused.put(entry.description(), entry);
            ledger.refusedDeductions.incrementAndGet();
        } else {
            ledger.unexpectedAnswers.add(status + " " + response.body());
        }
    }

    private static void applied(Write write, ExpectedLedger ledger) {
        ledger.acknowledged.incrementAndGet();
        write.entries().forEach(entry -> ledger.applied.put(entry.description(), entry));
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /**
     * Compares, account by account: the transactions the API lists with what the client knows
     * was applied (each once, same id and amount, nothing refused or unknown), the balance with
     * the client's sum, and the read models with a replay of the event store.
     */
    private List<String> compareWithService(Api api, Map<String, String> accounts,
                                            ExpectedLedger ledger) throws Exception {
        List<String> mismatches = new ArrayList<>();
        Instant now = Instant.now();
        try (Connection connection = database.connect()) {
            for (String accountId : accounts.values()) {
                List<Entry> expected = ledger.applied.values().stream()
                        .filter(entry -> entry.accountId().equals(accountId)).toList();
                BigDecimal expectedBalance = expected.stream().map(Entry::amount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                Api.Response account = api.get("/api/v3/point-accounts/" + accountId);
                BigDecimal balance = account.json().path("balance").decimalValue();
                if (balance.compareTo(expectedBalance) != 0) {
                    mismatches.add(accountId + ": balance " + balance + ", client expects "
                            + expectedBalance);
                }
                compareTransactions(listTransactions(api, accountId), expected, ledger,
                        accountId, mismatches);
                mismatches.addAll(EventStoreReplay.differences(connection, accountId, now,
                        balance));
            }
        }
        return mismatches;
    }

    private static void compareTransactions(List<JsonNode> listed, List<Entry> expected,
                                            ExpectedLedger ledger, String accountId,
                                            List<String> mismatches) {
        Map<String, List<JsonNode>> byDescription = new HashMap<>();
        for (JsonNode transaction : listed) {
            String description = transaction.path("description").asText();
            byDescription.computeIfAbsent(description, key -> new ArrayList<>()).add(transaction);
            if (!ledger.applied.containsKey(description)) {
                mismatches.add(accountId + ": listed but never acknowledged"
                        + (ledger.refused.containsKey(description) ? " (refused)" : "") + ": "
                        + transaction);
            }
        }
        for (Entry entry : expected) {
            List<JsonNode> found = byDescription.getOrDefault(entry.description(), List.of());
            if (found.size() != 1) {
                mismatches.add(accountId + ": acknowledged " + entry + " listed "
                        + found.size() + " times");
                continue;
            }
            JsonNode transaction = found.get(0);
            if (transaction.path("amount").decimalValue().compareTo(entry.amount()) != 0
                    || entry.transactionId() != null
                    && !entry.transactionId().equals(transaction.path("id").asText())) {
                mismatches.add(accountId + ": acknowledged " + entry + " listed as "
                        + transaction);
            }
        }
    }

    private static List<JsonNode> listTransactions(Api api, String accountId) {
        List<JsonNode> transactions = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE_COUNT_MAX) {
            Api.Response page = api.get("/api/v3/point-accounts/transactions?accountId="
                    + accountId + "&count=" + PAGE_COUNT_MAX + "&offset=" + offset);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().path("items").forEach(transactions::add);
            if (offset + PAGE_COUNT_MAX >= page.json().path("totalCount").asInt()) {
                return transactions;
            }
        }
    }

    private static void printFigures(ExpectedLedger ledger, List<Integer> killedWhileInFlight,
                                     List<Integer> cutOff, List<String> mismatches,
                                     long started) {
        System.out.printf("CrashSafetyTest: writes sent %d (bulk requests %d with %d items),"
                        + " acknowledged %d, deductions refused %d, kills %d (requests in flight"
                        + " at each: %s, cut off by each: %s), writes resent until answered %d"
                        + " (attempts without an answer %d, answers 503 %d), transactions"
                        + " applied %d, mismatches %d,"
                        + " duration %d s%n",
                ledger.writesSent.get(), ledger.bulkRequests.get(), ledger.bulkItems.get(),
                ledger.acknowledged.get(), ledger.refusedDeductions.get(), KILLS,
                killedWhileInFlight, cutOff, ledger.writesResent.get(), ledger.unanswered.get(),
                ledger.unavailable.get(), ledger.applied.size(), mismatches.size()
                        + ledger.unexpectedAnswers.size(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        mismatches.stream().limit(20).forEach(mismatch -> System.out.println("  " + mismatch));
    }
}
