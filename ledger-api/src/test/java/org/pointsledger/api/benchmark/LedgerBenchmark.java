package org.pointsledger.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.LedgerApplication;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures the ledger through real HTTP on the test database, against the naive baseline
 * (no aggregate cache, no snapshots: every command replays its account's whole history),
 * both in the same run, and prints the figures and their ratio.
 *
 * <p>Not part of the default test run (its name ends in neither Test nor Tests). Run it with
 * {@code LEDGER_TEST_DB_URL=jdbc:postgresql://127.0.0.1:5432/<db> mvn -B -pl ledger-api test
 * -Dtest=LedgerBenchmark}. Set {@code -Dbenchmark.history=2000} and friends to scale it.
 */
class LedgerBenchmark {

    static final int CLIENT_THREADS = Integer.getInteger("benchmark.clients", 8);
    static final int ACCOUNTS = Integer.getInteger("benchmark.accounts", 20);
    /** Events already on each account before the measured commands. */
    static final int HISTORY_EVENTS_PER_ACCOUNT = Integer.getInteger("benchmark.history", 500);
    static final int MEASURED_COMMANDS = Integer.getInteger("benchmark.commands", 1000);
    static final int BULK_ITEMS_PER_REQUEST = 1000;
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

    record Figures(String name, double bulkEventsPerSecond, double commandsPerSecond,
                   double p50Milliseconds, double p99Milliseconds, long heapUsedMegabytes) {
    }

    @Test
    void ledger_leavesTheNaiveBaselineBehind_inOneRun() throws Exception {
        Figures baseline = measure("naive baseline", Map.of(
                "ledger.aggregate.cache-enabled", "false",
                "ledger.aggregate.snapshot-threshold-events", "0"));
        Figures tuned = measure("ledger as shipped", Map.of());
        print(baseline, tuned);
        assertThat(tuned.commandsPerSecond()).isPositive();
    }

    private Figures measure(String name, Map<String, Object> overrides) throws Exception {
        Map<String, Object> properties = new HashMap<>(overrides);
        properties.put("spring.datasource.url", TestDatabase.url());
        properties.put("spring.datasource.username", TestDatabase.user());
        properties.put("spring.datasource.password", TestDatabase.password());
        properties.put("server.port", "0");
        properties.put("ledger.expiry.sweep-interval", "1h");
        properties.put("logging.level.root", "WARN");
        // The client sends the test key; its rate limit must not be what is measured.
        properties.put("ledger.security.bootstrap-api-key", Api.TEST_API_KEY);
        properties.put("ledger.security.rate-limit.requests-per-second", "1000000");
        properties.put("ledger.security.rate-limit.burst", "1000000");
        // As arguments, not the builder's default properties, which application.yml would
        // override (the datasource and port there read the environment, with defaults).
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
                LedgerApplication.class).run(arguments)) {
            Api api = new Api("http://localhost:"
                    + context.getEnvironment().getProperty("local.server.port"));
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<String> accountIds = new ArrayList<>();
            long bulkStarted = System.nanoTime();
            for (int account = 0; account < ACCOUNTS; account++) {
                accountIds.add(loadHistory(api, "bench-" + run + "-" + account));
            }
            double bulkSeconds = seconds(System.nanoTime() - bulkStarted);
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();
            sendSingles(api, accountIds, run, latencies);
            double commandSeconds = seconds(System.nanoTime() - started);
            for (String accountId : accountIds) {
                BigDecimal expected = BigDecimal.valueOf(HISTORY_EVENTS_PER_ACCOUNT)
                        .add(BigDecimal.valueOf(MEASURED_COMMANDS / ACCOUNTS));
                assertThat(api.get("/api/v3/point-accounts/" + accountId).json()
                        .path("balance").decimalValue()).isEqualByComparingTo(expected);
            }
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            long heapUsed = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
            Collections.sort(latencies);
            return new Figures(name, ACCOUNTS * HISTORY_EVENTS_PER_ACCOUNT / bulkSeconds,
                    MEASURED_COMMANDS / commandSeconds, percentile(latencies, 0.50),
                    percentile(latencies, 0.99), heapUsed);
        }
    }

    /** Opens an account with HISTORY_EVENTS_PER_ACCOUNT additions of one point, by bulk. */
    private static String loadHistory(Api api, String contactId) {
        String accountId = null;
        for (int sent = 0; sent < HISTORY_EVENTS_PER_ACCOUNT; sent += BULK_ITEMS_PER_REQUEST) {
            int items = Math.min(BULK_ITEMS_PER_REQUEST, HISTORY_EVENTS_PER_ACCOUNT - sent);
            StringBuilder body = new StringBuilder("[");
            for (int item = 0; item < items; item++) {
                body.append(item == 0 ? "" : ",").append("{\"contactId\":\"").append(contactId)
                        .append("\",\"definitionId\":1,\"amount\":1,\"source\":\"Purchase\",")
                        .append("\"description\":\"history\"}");
            }
            Api.Response response = api.post("/api/v3/point-accounts/transactions",
                    body.append(']').toString());
            assertThat(response.status()).isEqualTo(202);
            assertThat(response.json().path("accepted").asInt()).isEqualTo(items);
        }
        Api.Response accounts = api.get("/api/v3/point-accounts?contactId=" + contactId);
        accountId = accounts.json().path("items").get(0).path("id").asText();
        return accountId;
    }

    private static void sendSingles(Api api, List<String> accountIds, String run,
                                    List<Long> latencies) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int command = 0; command < MEASURED_COMMANDS; command++) {
                String accountId = accountIds.get(command % accountIds.size());
                String body = "{\"accountId\":\"" + accountId + "\",\"transactionId\":\"" + run
                        + "-" + command + "\",\"transactionType\":\"Addition\",\"amount\":1,"
                        + "\"description\":\"@@(Bonus.Points)\",\"source\":\"Purchase\"}";
                answers.add(clients.submit(() -> {
                    long sent = System.nanoTime();
                    int status = api.post("/api/v3/point-transactions", body).status();
                    latencies.add(System.nanoTime() - sent);
                    return status;
                }));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(201);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static double percentile(List<Long> sortedNanos, double fraction) {
        int index = (int) Math.min(sortedNanos.size() - 1,
                Math.floor(sortedNanos.size() * fraction));
        return sortedNanos.get(index) / 1_000_000.0;
    }

    private static double seconds(long nanos) {
        return nanos / 1_000_000_000.0;
    }

    private static void print(Figures baseline, Figures tuned) {
        String database = TestDatabase.isPostgres() ? "PostgreSQL" : "H2";
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%nLedger benchmark on %s: %d accounts x %d events of history, %d single adds"
                        + " over HTTP from %d clients%n", database, ACCOUNTS,
                HISTORY_EVENTS_PER_ACCOUNT, MEASURED_COMMANDS, CLIENT_THREADS));
        table.append(String.format(Locale.ROOT, "%-20s %16s %14s %10s %10s %10s%n", "setup",
                "bulk events/s", "commands/s", "p50 ms", "p99 ms", "heap MB"));
        for (Figures figures : List.of(baseline, tuned)) {
            table.append(String.format(Locale.ROOT, "%-20s %16.0f %14.1f %10.1f %10.1f %10d%n",
                    figures.name(), figures.bulkEventsPerSecond(), figures.commandsPerSecond(),
                    figures.p50Milliseconds(), figures.p99Milliseconds(),
                    figures.heapUsedMegabytes()));
        }
        table.append(String.format(Locale.ROOT, "ratio commands/s, shipped to baseline: %.1fx%n",
                tuned.commandsPerSecond() / baseline.commandsPerSecond()));
        System.out.println(table);
    }
}
