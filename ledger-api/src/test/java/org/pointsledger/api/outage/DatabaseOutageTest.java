package org.pointsledger.api.outage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.pointsledger.api.LedgerApplication;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.Await;
import org.pointsledger.api.support.Days;
import org.pointsledger.api.support.Problems;
import org.pointsledger.api.support.TestDatabase;
import org.pointsledger.eventstore.EventTable;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Proves a database outage under load is answered, not hung: writes get 503 problem+json with
 * Retry-After in bounded time, health is DOWN, and the service recovers by itself when the
 * database returns, with every acknowledged write present exactly once and every retried
 * write applied at most once. PostgreSQL only: the service reaches it through a TCP proxy
 * that the test "stops" like a server (H2 runs inside the JVM and cannot be cut off). The pool
 * and its timeouts are the shipped ones (application.yml), as the README's figures are; the
 * context is closed afterwards, so that its pool of 20 holds no connection past the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = LedgerApplication.class,
        properties = {"ledger.expiry.sweep-interval=1h",
                "ledger.security.bootstrap-api-key=" + Api.TEST_API_KEY,
                "ledger.security.rate-limit.requests-per-second=1000000",
                "ledger.security.rate-limit.burst=1000000"})
@DirtiesContext
@EnabledIf(value = "org.pointsledger.api.support.TestDatabase#isPostgres",
        disabledReason = "DatabaseOutageTest needs PostgreSQL (LEDGER_TEST_DB_URL); skipped on H2")
class DatabaseOutageTest extends ThroughTcpProxy {

    private static final int CLIENTS = 4;
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    /** No answer may take longer than this, outage or not. */
    private static final Duration ANSWER_MAX = Duration.ofSeconds(10);
    private static final Duration RECOVERY_MAX = Duration.ofSeconds(90);
    /** A client sends a write that got 503 again this often at most, this far apart. */
    private static final int RETRIES_MAX = 10;
    private static final long RETRY_PAUSE_MILLISECONDS = 500;

    @LocalServerPort
    private int port;

    private record Sent(String transactionId, int status, long millis) {
    }

    @Test
    void writes_answer503ThenRecover_withNothingLostOrDoubled_whenTheDatabaseStopsUnderLoad()
            throws Exception {
        Api api = new Api("http://localhost:" + port);
        String accountId = Accounts.open(api, "outage-" + UUID.randomUUID().toString()
                .substring(0, 13));
        LocalDate day = Days.unused(1);
        Queue<Sent> sent = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int client = 0; client < CLIENTS; client++) {
            clients.submit(() -> {
                while (loading.get()) {
                    sent.add(write(api, accountId, UUID.randomUUID().toString(), day));
                }
            });
        }
        Thread.sleep(2000);
        proxy.stop();
        long stoppedAt = System.nanoTime();
        Await.until("health DOWN", RECOVERY_MAX,
                () -> api.get("/actuator/health").status() == 503);
        Api.Response refused = post(api, accountId, UUID.randomUUID().toString(), day);
        Problems.assertProblem(refused, 503, "database-unavailable");
        assertThat(refused.header("Retry-After")).as("README, Reliability").isEqualTo("5");
        Thread.sleep(Math.max(0, OUTAGE.toMillis()
                - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt)));
        proxy.start();
        Await.until("a write succeeds again", RECOVERY_MAX, () -> sent.stream().skip(Math.max(0,
                sent.size() - CLIENTS)).anyMatch(one -> one.status() == 201));
        Thread.sleep(2000);
        loading.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        List<Sent> all = new ArrayList<>(sent);
        assertThat(all).as("writes sent").isNotEmpty();
        assertThat(all).as("no answer took longer than " + ANSWER_MAX)
                .allMatch(one -> one.millis() <= ANSWER_MAX.toMillis());
        assertThat(all).as("only 201 or 503 (no answer is -1)")
                .allMatch(one -> one.status() == 201 || one.status() == 503);
        List<Sent> unanswered = all.stream().filter(one -> one.status() != 201).toList();
        assertThat(unanswered).as("the outage was seen").isNotEmpty();
        Await.until("health UP", RECOVERY_MAX,
                () -> api.get("/actuator/health").status() == 200);
        for (Sent again : unanswered) {
            assertThat(retry(api, accountId, again.transactionId(), day))
                    .as("a retried write").isIn(200, 201);
        }
        long writes = all.size();
        System.out.printf("outage: %d writes, %d answered 201 at once, %d retried%n", writes,
                writes - unanswered.size(), unanswered.size());

        assertExactlyOnce(accountId, all);
        assertThat(api.get("/api/v3/point-accounts/" + accountId).json().path("balance")
                .decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(writes));
        Await.until("the daily totals caught up", RECOVERY_MAX,
                () -> dailyTransactions(day) == writes);
    }

    /** Every transaction id sent is in the ledger exactly once: one row, one event. */
    private static void assertExactlyOnce(String accountId, List<Sent> all) throws Exception {
        try (Connection connection = DriverManager.getConnection(TestDatabase.url(),
                TestDatabase.user(), TestDatabase.password());
             PreparedStatement rows = connection.prepareStatement("select count(*),"
                     + " count(distinct id) from point_transaction where account_id = ?")) {
            rows.setString(1, accountId);
            try (ResultSet row = rows.executeQuery()) {
                row.next();
                assertThat(row.getLong(1)).isEqualTo(all.size());
                assertThat(row.getLong(2)).isEqualTo(all.size());
                assertThat(EventTable.on(connection).count(accountId))
                        .as("AccountOpened and one event per write").isEqualTo(all.size() + 1L);
            }
        }
    }

    private static long dailyTransactions(LocalDate day) {
        try (Connection connection = DriverManager.getConnection(TestDatabase.url(),
                TestDatabase.user(), TestDatabase.password());
             PreparedStatement query = connection.prepareStatement("select transactions from"
                     + " points_daily where utc_day = ? and definition_id = 1")) {
            query.setObject(1, day);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** What a client does with a 503: waits a moment and sends the same write again. */
    private static int retry(Api api, String accountId, String transactionId, LocalDate day)
            throws InterruptedException {
        int status = write(api, accountId, transactionId, day).status();
        for (int attempt = 1; status == 503 && attempt < RETRIES_MAX; attempt++) {
            Thread.sleep(RETRY_PAUSE_MILLISECONDS);
            status = write(api, accountId, transactionId, day).status();
        }
        return status;
    }

    private static Sent write(Api api, String accountId, String transactionId, LocalDate day) {
        long start = System.nanoTime();
        int status;
        try {
            status = post(api, accountId, transactionId, day).status();
        } catch (AssertionError noAnswer) {
            status = -1;
        }
        return new Sent(transactionId, status,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static Api.Response post(Api api, String accountId, String transactionId,
                                     LocalDate day) {
        return api.post("/api/v3/point-transactions", """
                {"accountId": "%s", "transactionId": "%s", "transactionType": "Addition",
                 "amount": 1, "description": "outage", "source": "Test",
                 "transactionDate": "%sT12:00:00Z"}
                """.formatted(accountId, transactionId, day), Map.of());
    }
}
