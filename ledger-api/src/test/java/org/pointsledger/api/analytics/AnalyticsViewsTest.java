package org.pointsledger.api.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.Await;
import org.pointsledger.api.support.LedgerIntegrationTest;
import org.pointsledger.api.support.TestDatabase;
import org.pointsledger.commands.expiry.ExpirySweeper;
import org.pointsledger.eventstore.EventTable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Proves the analysts' views show the ledger's figures, and that the read-only role the README
 * sets up reads those views and nothing else, and writes nothing.
 */
class AnalyticsViewsTest extends LedgerIntegrationTest {

    static final String ANALYST_ROLE = "ledger_analyst";
    /** Where the README's set-up of the read-only role is written, from ledger-api. */
    private static final Path README = Path.of("..", "README.md");
    /** SQLStates: no privilege; a view with a join that cannot be updated at all. */
    private static final String NO_PRIVILEGE = "42501";
    private static final String NOT_UPDATABLE = "55000";
    private static final Instant ADDED_ON = Instant.parse("2021-03-01T10:00:00Z");
    private static final Instant DEDUCTED_ON = Instant.parse("2021-03-02T23:59:59Z");
    private static final Duration FEED_LAG_MAX = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private ExpirySweeper sweeper;

    /** One account of a definition of its own, with an addition, a deduction and an expiry. */
    private record Ledger(String accountId, int definitionId, LocalDate expiredOn) {
    }

    @Test
    void views_showTheLedgersFigures_afterAdditionsADeductionAndAnExpiry() throws Exception {
        Ledger ledger = writeLedger("analytics-figures");

        try (Connection connection = jdbc.getDataSource().getConnection()) {
            assertFigures(ledger, connection);
        }
    }

    @Test
    void analystRole_readsTheViews_butNoTableAndWritesNothing() throws Exception {
        assumeTrue(TestDatabase.isPostgres(), "PostgreSQL only: H2 here has no login roles");
        Ledger ledger = writeLedger("analytics-role");
        createAnalystRole();

        try (Connection analyst = DriverManager.getConnection(TestDatabase.url(),
                ANALYST_ROLE, "")) {
            assertFigures(ledger, analyst);
            for (String refused : List.of("select * from point_transaction",
                    "select * from point_account", "select * from points_daily",
                    "select * from " + EventTable.TABLE, "select * from api_key",
                    "select * from token_entry",
                    "insert into analytics.points_daily values (current_date, 1, 1, 0, 0, 1, 1)",
                    "update analytics.point_transactions set amount = 0",
                    "delete from analytics.point_accounts",
                    "create table analytics.scratch (id integer)",
                    "create table public.scratch (id integer)",
                    "create view analytics.scratch as select 1 as one")) {
                assertThatThrownBy(() -> execute(analyst, refused)).as(refused)
                        .isInstanceOf(SQLException.class)
                        .satisfies(failure -> assertThat(((SQLException) failure)
                                .getSQLState()).as(refused).isIn(NO_PRIVILEGE, NOT_UPDATABLE));
            }
            assertFigures(ledger, analyst);
            assertReadsAViewAddedLater(analyst);
        }
    }

    /** A view the migration user adds after the set-up is readable through the defaults. */
    private void assertReadsAViewAddedLater(Connection analyst) throws SQLException {
        String view = "analytics.added_later_" + ThreadLocalRandom.current().nextInt(1_000_000);
        jdbc.execute("create view " + view + " as select count(*) as accounts"
                + " from point_account");
        try {
            assertThat(rows(analyst, "select accounts from " + view)).as(view).hasSize(1);
        } finally {
            jdbc.execute("drop view " + view);
        }
    }

    @Test
    void contractVersion_isOnePointZero() {
        Map<String, Object> version = jdbc.queryForMap(
                "select major_version, minor_version from analytics.contract_version");
        assertThat(((Number) version.get("major_version")).intValue()).isEqualTo(1);
        assertThat(((Number) version.get("minor_version")).intValue()).isEqualTo(0);
    }

    private Ledger writeLedger(String name) {
        int definitionId = ThreadLocalRandom.current().nextInt(100_000, Integer.MAX_VALUE);
        Api.Response definition = api().put("/api/v3/point-accounts/definitions/"
                + definitionId, "{\"name\":\"" + name + "\"}");
        assertThat(definition.status()).as(definition.text()).isIn(200, 201);
        String accountId = Accounts.openNew(api(), uniqueContactId(name), definitionId);
        Instant validTo = clock.instant().plus(Duration.ofHours(1));
        post(transaction(accountId, "Addition", "100.25", ADDED_ON, null));
        post(transaction(accountId, "Addition", "50", ADDED_ON, validTo));
        // Drawn from the lot that expires first: 20 of its 50 are left to expire.
        post(transaction(accountId, "Deduction", "30", DEDUCTED_ON, null));
        clock.advance(Duration.ofHours(2));
        assertThat(sweeper.sweepDueLots()).isGreaterThanOrEqualTo(1);
        return new Ledger(accountId, definitionId,
                LocalDate.ofInstant(validTo, ZoneOffset.UTC));
    }

    private void assertFigures(Ledger ledger, Connection connection) throws Exception {
        List<Map<String, Object>> transactions = rows(connection, "select transaction_type,"
                + " amount, transaction_date, definition_id from analytics.point_transactions"
                + " where account_id = '" + ledger.accountId() + "' order by amount desc");
        assertThat(transactions).extracting(row -> row.get("transaction_type"))
                .containsExactly("Addition", "Addition", "Deduction", "Deduction");
        assertThat(transactions).extracting(row -> ((BigDecimal) row.get("amount"))
                .stripTrailingZeros().toPlainString()).containsExactly("100.25", "50", "-20",
                "-30");
        assertThat(transactions.get(0).get("transaction_date")).isEqualTo(
                OffsetDateTime.ofInstant(ADDED_ON, ZoneOffset.UTC));
        assertThat(transactions).allSatisfy(row -> assertThat(((Number) row.get(
                "definition_id")).intValue()).isEqualTo(ledger.definitionId()));

        Map<String, Object> account = rows(connection, "select balance, pending_points,"
                + " balance_expires from analytics.point_accounts where account_id = '"
                + ledger.accountId() + "'").get(0);
        assertThat((BigDecimal) account.get("balance")).isEqualByComparingTo("100.25");
        assertThat((BigDecimal) account.get("pending_points")).isEqualByComparingTo("0");
        assertThat(account.get("balance_expires")).isNull();

        String daily = "select utc_day, added, deducted, expired, net, transactions"
                + " from analytics.points_daily where definition_id = " + ledger.definitionId()
                + " order by utc_day";
        awaitRows(connection, daily, 3);
        List<Map<String, Object>> days = rows(connection, daily);
        assertDay(days.get(0), "2021-03-01", "150.25", "0", "0", "150.25", 2);
        assertDay(days.get(1), "2021-03-02", "0", "30", "0", "-30", 1);
        assertDay(days.get(2), ledger.expiredOn().toString(), "0", "0", "20", "-20", 1);
    }

    private static void assertDay(Map<String, Object> day, String utcDay, String added,
            String deducted, String expired, String net, long transactions) {
        assertThat(day.get("utc_day").toString()).isEqualTo(utcDay);
        assertThat((BigDecimal) day.get("added")).isEqualByComparingTo(added);
        assertThat((BigDecimal) day.get("deducted")).isEqualByComparingTo(deducted);
        assertThat((BigDecimal) day.get("expired")).isEqualByComparingTo(expired);
        assertThat((BigDecimal) day.get("net")).isEqualByComparingTo(net);
        assertThat(((Number) day.get("transactions")).longValue()).isEqualTo(transactions);
    }

    /** The daily totals follow the writes by a moment: poll, with a bound. */
    private static void awaitRows(Connection connection, String sql, int count)
            throws Exception {
        Await.until("daily totals", FEED_LAG_MAX, () -> rows(connection, sql).size() >= count
                && rows(connection, sql).stream().mapToLong(row -> ((Number) row.get(
                        "transactions")).longValue()).sum() >= 4);
    }

    /**
     * Runs the README's statements as written, with its database {@code ledger} and its
     * migration user {@code ledger} named as here, and its role made only if it is missing
     * (roles belong to the whole server).
     */
    private void createAnalystRole() throws Exception {
        String database = jdbc.queryForObject("select current_database()", String.class);
        String migrationUser = jdbc.queryForObject("select current_user", String.class);
        List<String> statements = readmeAnalystSetUp();
        assertThat(statements.get(0)).startsWith("create role " + ANALYST_ROLE + " login");
        if (jdbc.queryForObject("select count(*) from pg_roles where rolname = ?",
                Integer.class, ANALYST_ROLE) == 0) {
            jdbc.execute(statements.get(0).replace("'…'", "'analyst-test'"));
        }
        // From no privilege at all: what an earlier run granted in this database must not count.
        jdbc.execute("alter default privileges for role " + migrationUser + " in schema"
                + " analytics revoke select on tables from " + ANALYST_ROLE);
        jdbc.execute("revoke all on all tables in schema analytics from " + ANALYST_ROLE);
        for (String statement : statements.subList(1, statements.size())) {
            jdbc.execute(statement.replace("on database ledger ", "on database " + database
                    + " ").replace("for role ledger ", "for role " + migrationUser + " "));
        }
    }

    /** The SQL block after "A read-only role" in the README, one statement per line. */
    static List<String> readmeAnalystSetUp() throws Exception {
        String readme = Files.readString(README);
        int role = readme.indexOf("A read-only role");
        assertThat(role).as("the README's analyst role section").isNotNegative();
        int start = readme.indexOf("```sql\n", role) + "```sql\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        List<String> statements = block.lines().map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(line -> line.endsWith(";") ? line.substring(0, line.length() - 1) : line)
                .toList();
        assertThat(statements).as(block).isNotEmpty();
        return statements;
    }

    private static List<Map<String, Object>> rows(Connection connection, String sql)
            throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                Map<String, Object> row = new java.util.HashMap<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = result.getObject(i);
                    if (result.getMetaData().getColumnTypeName(i).toLowerCase().contains("tz")
                            || result.getMetaData().getColumnTypeName(i).toLowerCase()
                                    .contains("time zone")) {
                        value = result.getObject(i, OffsetDateTime.class);
                    }
                    row.put(result.getMetaData().getColumnLabel(i).toLowerCase(), value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void post(String body) {
        Api.Response response = api().post("/api/v3/point-transactions", body);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
    }

    private String transaction(String accountId, String type, String amount, Instant date,
                               Instant validTo) {
        ObjectNode body = JSON.createObjectNode();
        body.put("accountId", accountId);
        body.put("transactionId", "analytics-" + java.util.UUID.randomUUID());
        body.put("transactionType", type);
        body.put("amount", new BigDecimal(amount));
        body.put("source", "Purchase");
        body.put("transactionDate", date.toString());
        body.put("validFrom", date.toString());
        if (validTo != null) {
            body.put("validTo", validTo.toString());
        }
        return body.toString();
    }
}
