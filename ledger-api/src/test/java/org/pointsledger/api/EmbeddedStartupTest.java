package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.Await;
import org.pointsledger.api.support.PostgresDatabase;
import org.pointsledger.api.support.ServiceProcess;
import org.pointsledger.api.support.TestDatabase;

/**
 * Proves the service starts on its embedded H2 default, mints and prints one admin key on its
 * first start only, and keeps its data (and that key) across a restart; and that on
 * PostgreSQL it mints none and warns instead.
 */
class EmbeddedStartupTest {

    /**
     * Spring Boot's readiness probe turns 200 on ApplicationReadyEvent, after every
     * ApplicationRunner, so after the point where the key is minted and printed.
     */
    private static final Map<String, String> READINESS_PROBE =
            Map.of("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
    private static final String NO_KEY_WARNING =
            "No API key is configured: every /api/v3 request will be refused";
    /** The line that shows the minted key, and the curl line that shows how to use it. */
    private static final Pattern KEY_LINE =
            Pattern.compile("ledger API key: (pl_[A-Za-z0-9_-]{43})");
    private static final String USAGE_LINE = "curl -H 'apikey: ";

    private Path workingDirectory;
    private ServiceProcess service;

    @BeforeEach
    void createWorkingDirectory() throws IOException {
        workingDirectory = Files.createTempDirectory("ledger-embedded-");
        // As a new user runs it: no LEDGER_DB_URL, so the H2 file under ./data, and no key.
        service = ServiceProcess.of("embedded-startup", workingDirectory, READINESS_PROBE)
                .unset("LEDGER_BOOTSTRAP_API_KEY");
    }

    @AfterEach
    void stopAndDeleteEverything() throws IOException {
        service.close();
        try (Stream<Path> files = Files.walk(workingDirectory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Test
    void service_mintsOneKeyAndKeepsItsDataInItsH2File_whenRestartedWithoutLedgerDbUrl()
            throws Exception {
        String contactId = "embedded-" + UUID.randomUUID().toString().substring(0, 13);
        String transactionId = "tx-" + UUID.randomUUID();

        service.start();
        String key = mintedKey(service);
        Api api = new Api(service.baseUrl()).withKey(key);
        assertThat(api.withoutKey().get("/api/v3/point-accounts/definitions").status())
                .as("no key, no entry").isEqualTo(401);
        try (Stream<Path> data = Files.list(workingDirectory.resolve("data"))) {
            assertThat(data.map(path -> path.getFileName().toString()))
                    .as("the embedded H2 database file").contains("ledger.mv.db");
        }
        String accountId = Accounts.openNew(api, contactId, 1);
        Api.Response added = api.post("/api/v3/point-transactions",
                transaction(accountId, transactionId));
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        service.stop();

        service.start();
        String log = logWhenReady(service);
        assertThat(log).as("a restart mints no second key").doesNotContain(USAGE_LINE)
                .doesNotMatch("(?s).*" + KEY_LINE.pattern() + ".*");
        Api.Response account = api.get("/api/v3/point-accounts/" + accountId);
        assertThat(account.status()).as(account.text()).isEqualTo(200);
        assertThat(account.json().path("contactId").asText()).isEqualTo(contactId);
        assertThat(account.json().path("balance").decimalValue()).isEqualByComparingTo("42.5");
        Api.Response stored = api.get("/api/v3/point-transactions/" + transactionId);
        assertThat(stored.status()).as(stored.text()).isEqualTo(200);
        assertThat(stored.json().path("amount").decimalValue()).isEqualByComparingTo("42.5");
        assertThat(api.post("/api/v3/point-transactions", transaction(accountId,
                transactionId)).status()).as("a repeat after the restart").isEqualTo(200);
        service.stop();

        byte[] database = Files.readAllBytes(workingDirectory.resolve("data/ledger.mv.db"));
        String file = new String(database, StandardCharsets.ISO_8859_1);
        assertThat(file).as("the H2 file holds the key's hash").contains(HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(key.getBytes(StandardCharsets.UTF_8))));
        assertThat(file).as("but never the key").doesNotContain(key);
    }

    @Test
    void service_makesNoKeyAndWarns_whenStartedOnPostgresWithNone() throws Exception {
        assumeTrue(TestDatabase.isPostgres(), "PostgreSQL only: LEDGER_TEST_DB_URL is not set");
        try (PostgresDatabase database = PostgresDatabase.create("no_key");
             ServiceProcess node = ServiceProcess.of("postgres-no-key", workingDirectory,
                     onPostgres(database)).unset("LEDGER_BOOTSTRAP_API_KEY")) {
            node.start();

            String log = logWhenReady(node);
            assertThat(log).contains(NO_KEY_WARNING).doesNotContain(USAGE_LINE)
                    .doesNotMatch("(?s).*" + KEY_LINE.pattern() + ".*");
            assertThat(storedKeys(database)).as("keys stored").isZero();
            assertThat(node.api().get("/api/v3/point-accounts/definitions").status())
                    .as("the test key is no key here").isEqualTo(401);
        }
    }

    private static Map<String, String> onPostgres(PostgresDatabase database) {
        Map<String, String> environment = new HashMap<>(READINESS_PROBE);
        environment.putAll(ServiceProcess.database(database.url(), database.user(),
                database.password()));
        return environment;
    }

    /** The log of the latest start, read once the start is complete (runners included). */
    private static String logWhenReady(ServiceProcess node) throws IOException {
        awaitReady(node);
        return Files.readString(node.logFile());
    }

    private static void awaitReady(ServiceProcess node) {
        Api api = new Api(node.baseUrl());
        Await.until("the readiness of " + node.baseUrl(), ServiceProcess.STARTUP_MAX,
                () -> api.get("/actuator/health/readiness").status() == 200);
    }

    /** The key the first start printed: once, with a line that shows how to use it. */
    private static String mintedKey(ServiceProcess node) throws IOException {
        String log = logWhenReady(node);
        Matcher line = KEY_LINE.matcher(log);
        assertThat(line.find()).as("the log shows the minted key; see " + node.logFile())
                .isTrue();
        String key = line.group(1);
        assertThat(line.find()).as("the key is printed once").isFalse();
        assertThat(log).contains(USAGE_LINE + key + "'");
        return key;
    }

    private static long storedKeys(PostgresDatabase database) throws Exception {
        try (Connection connection = database.connect();
             ResultSet count = connection.createStatement()
                     .executeQuery("select count(*) from api_key")) {
            assertThat(count.next()).isTrue();
            return count.getLong(1);
        }
    }

    private static String transaction(String accountId, String transactionId) {
        return """
                {"accountId": "%s", "transactionId": "%s", "transactionType": "Addition",
                 "amount": 42.5, "description": "@@(Bonus.Points) - Slim Fit T-shirt",
                 "source": "Purchase", "transactionDate": "2024-11-13T08:16:27.949Z"}"""
                .formatted(accountId, transactionId);
    }
}
