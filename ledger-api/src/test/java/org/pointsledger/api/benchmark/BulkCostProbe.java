package org.pointsledger.api.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.BulkItems;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Measures what one 1000-item bulk over 1000 distinct contacts costs, through real HTTP: the
 * time it takes, and the JDBC round trips, statements and commits its request thread sends
 * (counted by a proxy around the service's DataSource). Half the contacts have an account already, one item in ten
 * is pending, one in five has a validTo.
 *
 * <p>Not part of the default test run (its name ends in neither Test nor Tests); a probe for a
 * developer changing the write path, whose figures are indicative only. Run it with
 * {@code LEDGER_TEST_DB_URL=... mvn -B -pl ledger-api test -Dtest=BulkCostProbe}.
 */
@Import(BulkCostProbe.CountingConfiguration.class)
class BulkCostProbe extends LedgerIntegrationTest {

    static final int ITEMS = 1000;
    static final int MEASURED_RUNS = Integer.getInteger("probe.runs", 3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** JDBC calls that go to the database: one round trip each. */
    static final AtomicLong ROUND_TRIPS = new AtomicLong();
    /** SQL statements sent, each of a batch counted on its own. */
    static final AtomicLong STATEMENTS = new AtomicLong();
    static final AtomicLong COMMITS = new AtomicLong();
    /** Round trips by the SQL they sent (its first words), of the latest run. */
    static final Map<String, AtomicLong> BY_SQL = new ConcurrentHashMap<>();

    @Test
    void bulkOf1000Contacts_costs() throws Exception {
        measure("warm-up");
        for (int run = 1; run <= MEASURED_RUNS; run++) {
            measure("run " + run);
        }
    }

    private void measure(String name) throws Exception {
        String prefix = "probe-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        ArrayNode opening = JSON.createArrayNode();
        for (int contact = 0; contact < ITEMS; contact += 2) {
            opening.add(item(prefix + contact, 0));
        }
        assertThat(post(opening).statusCode()).isEqualTo(202);
        ArrayNode items = JSON.createArrayNode();
        for (int contact = 0; contact < ITEMS; contact++) {
            items.add(item(prefix + contact, contact));
        }
        long roundTrips = ROUND_TRIPS.get();
        long statements = STATEMENTS.get();
        long commits = COMMITS.get();
        BY_SQL.clear();
        long started = System.nanoTime();
        HttpResponse<String> response = post(items);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).path("accepted").asInt()).isEqualTo(ITEMS);
        System.out.printf(Locale.ROOT, "%s: %d items over %d contacts in %.2f s: %d round trips"
                        + " (%.1f per item), %d statements (%.1f per item), %d commits%n", name,
                ITEMS, ITEMS, seconds, ROUND_TRIPS.get() - roundTrips,
                (ROUND_TRIPS.get() - roundTrips) / (double) ITEMS, STATEMENTS.get() - statements,
                (STATEMENTS.get() - statements) / (double) ITEMS, COMMITS.get() - commits);
        BY_SQL.entrySet().stream().sorted((left, right) -> Long.compare(
                        right.getValue().get(), left.getValue().get())).limit(12)
                .forEach(entry -> System.out.printf("  %6d  %s%n", entry.getValue().get(),
                        entry.getKey()));
    }

    private ObjectNode item(String contactId, int index) {
        Instant now = clock.instant();
        ObjectNode item = BulkItems.item(now, contactId, String.valueOf(1 + index % 50),
                "Purchase", "probe " + index);
        if (index % 10 == 3) {
            item.put("validFrom", now.plus(Duration.ofDays(30)).toString());
        }
        if (index % 5 == 1) {
            item.put("validTo", now.plus(Duration.ofDays(365)).toString());
        }
        return item;
    }

    private HttpResponse<String> post(ArrayNode items) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v3/point-accounts/transactions"))
                .header("Content-Type", "application/json")
                .header(Api.API_KEY_HEADER, Api.TEST_API_KEY)
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofString(items.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void countBySql(String sql) {
        String words = sql.replaceAll("\\s+", " ").trim();
        BY_SQL.computeIfAbsent(words.substring(0, Math.min(90, words.length())),
                key -> new AtomicLong()).incrementAndGet();
    }

    @TestConfiguration
    static class CountingConfiguration {

        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource
                            ? counting(DataSource.class, dataSource) : bean;
                }
            };
        }

        static <T> T counting(Class<T> type, T target) {
            return counting(type, target, null);
        }

        /** {@code sql}: what a prepared statement sends, for counting by SQL. */
        @SuppressWarnings("unchecked")
        static <T> T counting(Class<T> type, T target, String sql) {
            InvocationHandler handler = (proxy, method, arguments) -> {
                String name = method.getName();
                // Only the requests' own work: the background processors (feed, daily totals)
                // write on their own threads, in their own transactions.
                boolean requestThread = Thread.currentThread().getName().startsWith("http-");
                switch (requestThread ? name : "") {
                    case "executeQuery", "executeUpdate", "execute", "executeLargeUpdate" -> {
                        ROUND_TRIPS.incrementAndGet();
                        STATEMENTS.incrementAndGet();
                        countBySql(sql != null ? sql : arguments != null && arguments.length > 0
                                ? String.valueOf(arguments[0]) : "?");
                    }
                    case "executeBatch", "executeLargeBatch" -> {
                        ROUND_TRIPS.incrementAndGet();
                        countBySql("(batch) " + sql);
                    }
                    case "addBatch" -> STATEMENTS.incrementAndGet();
                    case "commit" -> {
                        ROUND_TRIPS.incrementAndGet();
                        COMMITS.incrementAndGet();
                    }
                    default -> {
                    }
                }
                Object result;
                try {
                    result = method.invoke(target, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
                Class<?> returned = method.getReturnType();
                if (result != null && returned.isInterface() && (returned == Connection.class
                        || Statement.class.isAssignableFrom(returned))) {
                    String prepared = name.startsWith("prepare") && arguments != null
                            ? String.valueOf(arguments[0]) : sql;
                    return counting((Class<Object>) returned, result, prepared);
                }
                return result;
            };
            return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    handler);
        }
    }
}
