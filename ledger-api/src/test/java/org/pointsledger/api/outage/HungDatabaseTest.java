package org.pointsledger.api.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Problems.assertProblem;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.pointsledger.api.LedgerApplication;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.Await;
import org.pointsledger.eventstore.EventTable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Proves a hung database (connections that stay open but stop answering, new ones accepted and
 * never answered) is answered 503 database-unavailable within the driver's socket timeout plus
 * the pool's connection wait, never hung, and heals by itself with nothing lost or doubled.
 *
 * <p>What runs: the shipped pool (20 connections, 2 s connection wait, 1 s validation) and the
 * driver's connect and login timeout (3 s), with the socket timeout set through its documented
 * setting (LEDGER_DB_SOCKET_TIMEOUT, {@code ledger.database.socket-timeout}) to 3 s instead of
 * the shipped 60 s. What does not: a wait of the full 60 s, which would cost a minute a build.
 * The context is closed afterwards: its pool of 20 would hold connections PostgreSQL needs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = LedgerApplication.class,
        properties = {"ledger.expiry.sweep-interval=1h",
                "ledger.security.bootstrap-api-key=" + Api.TEST_API_KEY,
                "ledger.security.rate-limit.requests-per-second=1000000",
                "ledger.security.rate-limit.burst=1000000",
                "ledger.database.socket-timeout=" + HungDatabaseTest.SOCKET_TIMEOUT_SECONDS + "s"})
@DirtiesContext
@EnabledIf(value = "org.pointsledger.api.support.TestDatabase#isPostgres",
        disabledReason = "HungDatabaseTest needs PostgreSQL (LEDGER_TEST_DB_URL); skipped on H2")
class HungDatabaseTest extends ThroughTcpProxy {

    static final int SOCKET_TIMEOUT_SECONDS = 3;
    /** The shipped LEDGER_DB_CONNECTION_TIMEOUT. */
    private static final Duration CONNECTION_WAIT = Duration.ofSeconds(2);
    /** A statement's socket timeout, then a wait for a connection, and a margin for the JVM. */
    private static final Duration ANSWER_MAX = Duration.ofSeconds(SOCKET_TIMEOUT_SECONDS)
            .plus(CONNECTION_WAIT).plus(Duration.ofSeconds(3));
    private static final Duration STATE_CHANGE_MAX = Duration.ofSeconds(60);
    private static final int WRITERS = 2;
    /** Answers each writer must get while the database hangs: each proves none waited. */
    private static final int HUNG_ANSWERS_MIN = 2 * WRITERS;
    private static final int RETRIES_MAX = 20;

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    private record Sent(String transactionId, int status, long millis, boolean whileHung) {
    }

    @Test
    void writes_answer503WithinTheSocketTimeout_andRecover_whenTheDatabaseHangs()
            throws Exception {
        try (Connection pooled = jdbc.getDataSource().getConnection()) {
            assertThat(pooled.getNetworkTimeout()).as("the driver's socket timeout, ms")
                    .isEqualTo(SOCKET_TIMEOUT_SECONDS * 1000);
        }
        Api api = new Api("http://localhost:" + port);
        String accountId = Accounts.open(api, "hung-" + UUID.randomUUID().toString()
                .substring(0, 13));
        Queue<Sent> sent = new ConcurrentLinkedQueue<>();
        AtomicBoolean hung = new AtomicBoolean();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger inFlight = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int writer = 0; writer < WRITERS; writer++) {
            writers.submit(() -> {
                while (loading.get()) {
                    inFlight.incrementAndGet();
                    sent.add(write(api, accountId, UUID.randomUUID().toString(), hung.get()));
                    inFlight.decrementAndGet();
                }
            });
        }
        Await.until("writes before the hang", STATE_CHANGE_MAX,
                () -> sent.stream().filter(one -> one.status() == 201).count() >= WRITERS);

        Instant hungAt = Instant.now();
        hung.set(true);
        proxy.freeze();
        assertThat(inFlight.get()).as("writes in flight as the database hangs").isPositive();
        Await.until("health DOWN", STATE_CHANGE_MAX,
                () -> api.get("/actuator/health").status() == 503);
        long start = System.nanoTime();
        Api.Response refused = post(api, accountId, UUID.randomUUID().toString());
        long refusedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertProblem(refused, 503, "database-unavailable");
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        assertThat(refusedMillis).as("milliseconds to the 503").isLessThanOrEqualTo(
                ANSWER_MAX.toMillis());
        Await.until("writers answered while the database hangs", STATE_CHANGE_MAX,
                () -> sent.stream().filter(one -> one.whileHung() && one.status() == 503)
                        .count() >= HUNG_ANSWERS_MIN);
        Await.until("the hang outlasts the longest answer allowed", STATE_CHANGE_MAX,
                () -> Duration.between(hungAt, Instant.now()).compareTo(ANSWER_MAX) > 0);
        proxy.thaw();
        hung.set(false);
        long answeredBeforeThaw = sent.size();
        Await.until("a write succeeds again", STATE_CHANGE_MAX, () -> sent.stream()
                .skip(answeredBeforeThaw).anyMatch(one -> one.status() == 201));
        loading.set(false);
        writers.shutdown();
        assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        List<Sent> all = new ArrayList<>(sent);
        assertThat(all).as("no answer took longer than " + ANSWER_MAX)
                .allMatch(one -> one.millis() <= ANSWER_MAX.toMillis());
        assertThat(all).as("only 201 or 503 (no answer is -1)")
                .allMatch(one -> one.status() == 201 || one.status() == 503);
        Await.until("health UP", STATE_CHANGE_MAX,
                () -> api.get("/actuator/health").status() == 200);
        List<Sent> refusedWrites = all.stream().filter(one -> one.status() == 503).toList();
        assertThat(refusedWrites).as("writes refused while the database hung").isNotEmpty();
        for (Sent again : refusedWrites) {
            assertThat(resend(api, accountId, again.transactionId())).as("a resent write")
                    .isIn(200, 201);
        }
        assertExactlyOnce(accountId, all);
    }

    /** Every transaction id sent is in the ledger exactly once: one row, one event. */
    private void assertExactlyOnce(String accountId, List<Sent> all) {
        assertThat(jdbc.queryForObject("select count(distinct id) from point_transaction"
                + " where account_id = ?", Long.class, accountId)).isEqualTo(all.size());
        assertThat(jdbc.queryForObject("select count(*) from point_transaction where"
                + " account_id = ?", Long.class, accountId)).isEqualTo(all.size());
        assertThat(new EventTable(jdbc).count(accountId))
                .as("AccountOpened and one event per write").isEqualTo(all.size() + 1L);
    }

    /** What a client does with a 503: sends the same write again until it is answered. */
    private static int resend(Api api, String accountId, String transactionId) {
        int status = 503;
        for (int attempt = 0; status == 503 && attempt < RETRIES_MAX; attempt++) {
            status = write(api, accountId, transactionId, false).status();
        }
        return status;
    }

    private static Sent write(Api api, String accountId, String transactionId,
                              boolean whileHung) {
        long start = System.nanoTime();
        int status;
        try {
            status = post(api, accountId, transactionId).status();
        } catch (AssertionError noAnswer) {
            status = -1;
        }
        return new Sent(transactionId, status,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), whileHung);
    }

    private static Api.Response post(Api api, String accountId, String transactionId) {
        return api.post("/api/v3/point-transactions", """
                {"accountId": "%s", "transactionId": "%s", "transactionType": "Addition",
                 "amount": 1, "description": "hung database", "source": "Test",
                 "transactionDate": "2024-01-01T12:00:00Z"}
                """.formatted(accountId, transactionId), Map.of());
    }
}
