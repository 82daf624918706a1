package org.pointsledger.api.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pointsledger.api.support.Problems.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pointsledger.api.LedgerApplication;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.Await;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.PostgresDatabase;
import org.pointsledger.api.support.ServiceProcess;
import org.pointsledger.api.support.TestDatabase;
import org.pointsledger.domain.testing.MutableClock;
import org.pointsledger.commands.expiry.ExpirySweeper;
import org.pointsledger.eventstore.EventTable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Proves a rebuild replays the event store into read models equal to the old ones, repairs a
 * corrupted row, keeps reads answering and takes in the writes made while it runs; and that the
 * command line does the same and exits 0. It runs on a database of its own (a fresh PostgreSQL
 * database, or a fresh H2 file), so that other tests' hand-made events do not count; its
 * context is closed after the class, so nothing of it runs on when the database is dropped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {LedgerApplication.class, LedgerIntegrationTest.TestClockConfiguration.class},
        properties = {"ledger.expiry.sweep-interval=1h",
            "ledger.security.bootstrap-api-key=" + Api.TEST_API_KEY,
            "ledger.security.rate-limit.requests-per-second=1000000",
            "ledger.security.rate-limit.burst=1000000"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ProjectionRebuildTest {

    private static final String DATABASE_URL = freshDatabase();
    private static final String BULK = "/api/v3/point-accounts/transactions";
    private static final String STATUS = "/api/v3/admin/projections";
    private static final int CONTACTS = 40;
    private static final int ITEMS_PER_BULK = 1000;
    private static final Duration REBUILD_MAX = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every read-model table with its order: a snapshot is its rows in that order. */
    private static final Map<String, String> TABLES = Map.of(
            "point_account", "id", "point_lot", "lot_id", "point_transaction", "entry_number");

    @LocalServerPort
    private int port;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private MutableClock clock;
    @Autowired
    private ExpirySweeper sweeper;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", TestDatabase::password);
    }

    @Test
    @Order(1)
    void rebuild_endsWithEqualReadModelsRepairedAndWithTheNewWrites_whileReadsAndWritesGoOn() {
        String firstAccount = generateHistory();
        Map<String, List<Map<String, Object>>> before = snapshot();
        assertThat(new EventTable(jdbc).countAll())
                .isGreaterThan(2000);
        String corruptedLot = corruptOneLotAndDropOneTransaction(firstAccount);

        Writer writer = new Writer(firstAccount);
        Thread writing = new Thread(writer, "writes-during-rebuild");
        writing.start();
        Api.Response started = api().post(STATUS + "/rebuild", "");
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        assertThat(started.header("Location")).endsWith(STATUS);
        List<JsonNode> seen = awaitRebuild();
        int writesBeforeTheEnd = writer.written.get();
        writer.stop.set(true);
        join(writing);

        JsonNode last = seen.get(seen.size() - 1);
        assertThat(last.path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(last.path("eventsDone").asLong()).isEqualTo(last.path("eventsTotal").asLong())
                .isGreaterThan(2000);
        assertThat(last.path("finishedAt").asText()).isNotBlank();
        assertThat(seen).as("progress seen while running").anySatisfy(status -> {
            assertThat(status.path("state").asText()).isEqualTo("RUNNING");
            assertThat(status.path("eventsDone").asLong()).isPositive()
                    .isLessThan(status.path("eventsTotal").asLong());
            assertThat(status.path("eventsPerSecond").asDouble()).isPositive();
            assertThat(status.has("secondsLeft")).isTrue();
        });
        assertThat(writer.failures).as("reads and writes during the rebuild").isEmpty();
        assertThat(writesBeforeTheEnd).as("writes made while the rebuild ran").isPositive();

        Map<String, List<Map<String, Object>>> after = snapshot();
        assertThat(withoutAccount(after, writer.accountId)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select points_remaining from point_lot where lot_id = ?",
                BigDecimal.class, corruptedLot)).isNotEqualByComparingTo("999999");
        assertThat(jdbc.queryForObject("select count(*) from point_transaction"
                + " where account_id = ?", Integer.class, writer.accountId))
                .isEqualTo(writer.written.get());
    }

    @Test
    @Order(2)
    void rebuild_answers409AndChangesNothing_whenAnotherNodeIsRebuilding() {
        jdbc.update("update projection_rebuild_claim set owner = 'another-node', beat_on = ?"
                + " where id = 1", java.sql.Timestamp.from(clock.instant()));
        try {
            Api.Response refused = api().post(STATUS + "/rebuild", "");
            assertProblem(refused, 409, "conflict");
            assertThat(api().get(STATUS).json().path("rebuild").path("state").asText())
                    .isNotEqualTo("RUNNING");
        } finally {
            jdbc.update("update projection_rebuild_claim set owner = null, beat_on = null"
                    + " where id = 1");
        }
        Api.Response reader = api().withoutKey().get(STATUS);
        assertProblem(reader, 401, "unauthorized");
    }

    @Test
    @Order(3)
    void commandLine_rebuildsRepairsAndExits0_onTheSameDatabase() throws Exception {
        Map<String, List<Map<String, Object>>> before = snapshot();
        String lot = jdbc.queryForObject("select min(lot_id) from point_lot", String.class);
        jdbc.update("update point_lot set points_remaining = 123456 where lot_id = ?", lot);
        Path directory = Files.createTempDirectory("rebuild-command");
        ServiceProcess command = ServiceProcess.of("rebuild-command", directory,
                ServiceProcess.database(DATABASE_URL, TestDatabase.user(),
                        TestDatabase.password()));

        int exitCode = command.runToExit(Duration.ofSeconds(90), "--rebuild-projections");

        String log = Files.readString(command.logFile());
        assertThat(exitCode).as(log).isZero();
        assertThat(log).contains("Rebuild of the read models succeeded")
                .doesNotContain("Tomcat started");
        assertThat(snapshot()).isEqualTo(before);
    }

    private String generateHistory() {
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < CONTACTS; i++) {
            contacts.add("rebuild-" + i + "-" + UUID.randomUUID().toString().substring(0, 8));
        }
        Instant now = clock.instant();
        ArrayNode additions = JSON.createArrayNode();
        for (int i = 0; i < ITEMS_PER_BULK; i++) {
            ObjectNode item = item(contacts.get(i % CONTACTS), "" + (10 + i % 7), now);
            if (i % 5 == 0) {
                item.put("validTo", now.plus(Duration.ofDays(1)).toString());
            } else if (i % 11 == 0) {
                item.put("validTo", now.minusSeconds(1).toString());
            }
            additions.add(item);
        }
        bulk(additions);
        ArrayNode deductions = JSON.createArrayNode();
        for (int i = 0; i < ITEMS_PER_BULK; i++) {
            deductions.add(item(contacts.get(i % CONTACTS), i % 3 == 0 ? "-4.5" : "3", now));
        }
        bulk(deductions);
        clock.advance(Duration.ofDays(2));
        assertThat(sweeper.sweepDueLots()).isPositive();
        return api().get("/api/v3/point-accounts?contactId=" + contacts.get(0)).json()
                .path("items").path(0).path("id").asText();
    }

    private void bulk(ArrayNode items) {
        Api.Response response = api().post(BULK, items.toString());
        assertThat(response.status()).as(response.text()).isIn(200, 201, 202, 207);
        assertThat(response.text()).doesNotContain("\"status\":4");
    }

    private static ObjectNode item(String contactId, String amount, Instant now) {
        ObjectNode item = JSON.createObjectNode();
        item.put("contactId", contactId);
        item.put("transactionId", "rb-" + UUID.randomUUID());
        item.put("amount", new BigDecimal(amount));
        item.put("definitionId", 1);
        item.put("timeStamp", now.toString());
        item.put("source", "Purchase");
        item.put("description", "rebuild test");
        item.put("validFrom", now.toString());
        return item;
    }

    private String corruptOneLotAndDropOneTransaction(String accountId) {
        String lot = jdbc.queryForObject("select min(lot_id) from point_lot where account_id = ?",
                String.class, accountId);
        jdbc.update("update point_lot set points_remaining = 999999 where lot_id = ?", lot);
        assertThat(jdbc.update("delete from point_transaction where entry_number ="
                + " (select max(entry_number) from point_transaction)")).isEqualTo(1);
        return lot;
    }

    private List<JsonNode> awaitRebuild() {
        List<JsonNode> seen = new ArrayList<>();
        String state = Await.value(() -> "the end of the rebuild: " + seen, REBUILD_MAX,
                Duration.ofMillis(20), () -> {
                    Api.Response response = api().get(STATUS);
                    assertThat(response.status()).as(response.text()).isEqualTo(200);
                    JsonNode status = response.json().path("rebuild");
                    seen.add(status);
                    String now = status.path("state").asText();
                    return now.equals("SUCCEEDED") || now.equals("FAILED") ? now : null;
                });
        assertThat(state).as(seen.get(seen.size() - 1).toString()).isEqualTo("SUCCEEDED");
        return seen;
    }

    private Map<String, List<Map<String, Object>>> snapshot() {
        Map<String, List<Map<String, Object>>> tables = new java.util.TreeMap<>();
        TABLES.forEach((table, order) -> tables.put(table,
                jdbc.queryForList("select * from " + table + " order by " + order)));
        return tables;
    }

    private static Map<String, List<Map<String, Object>>> withoutAccount(
            Map<String, List<Map<String, Object>>> tables, String accountId) {
        Map<String, List<Map<String, Object>>> rest = new java.util.TreeMap<>();
        tables.forEach((table, rows) -> rest.put(table, rows.stream()
                .filter(row -> !accountId.equals(row.get(table.equals("point_account")
                        ? "id" : "account_id"))).toList()));
        return rest;
    }

    private Api api() {
        return new Api("http://localhost:" + port).withKey(Api.TEST_API_KEY);
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Adds to a fresh account and reads another one, again and again, until told to stop. */
    private final class Writer implements Runnable {

        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger written = new AtomicInteger();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        final String accountId;
        private final String readAccountId;

        Writer(String readAccountId) {
            this.readAccountId = readAccountId;
            this.accountId = Accounts.openNew(api(), "rebuild-writer-" + UUID.randomUUID(), 1);
        }

        @Override
        public void run() {
            while (!stop.get() && failures.size() < 5) {
                Api.Response added = api().post("/api/v3/point-transactions", "{\"accountId\":\""
                        + accountId + "\",\"transactionId\":\"rbw-" + UUID.randomUUID()
                        + "\",\"transactionType\":\"Addition\",\"amount\":1,"
                        + "\"description\":\"during the rebuild\",\"source\":\"Purchase\"}");
                if (added.status() == 201) {
                    written.incrementAndGet();
                } else {
                    failures.add("write: " + added.status() + " " + added.text());
                }
                Api.Response read = api().get("/api/v3/point-accounts/" + readAccountId);
                if (read.status() != 200) {
                    failures.add("read: " + read.status() + " " + read.text());
                }
            }
        }
    }

    /**
     * A database no other test uses: on PostgreSQL a database made anew (dropped when the test
     * JVM ends, after this class's context is closed), on H2 a new file, served to other
     * processes too (AUTO_SERVER), so that the command line repairs this very database. Not a
     * schema of the test database: the migrations make the schema analytics, which a database
     * has once.
     */
    private static String freshDatabase() {
        if (!TestDatabase.isPostgres()) {
            return "jdbc:h2:file:" + Path.of("target", "test-db", "rebuild-"
                    + UUID.randomUUID(), "ledger").toAbsolutePath()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                    + ";AUTO_SERVER=TRUE";
        }
        PostgresDatabase database = PostgresDatabase.create("rebuild");
        Runtime.getRuntime().addShutdownHook(new Thread(database::close, "drop-rebuild-db"));
        return database.url();
    }

}
