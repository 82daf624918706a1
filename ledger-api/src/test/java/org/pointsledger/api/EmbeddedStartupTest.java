package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.ServiceProcess;

/**
 * Proves the service starts on its embedded H2 default, mints and prints one admin key on its
 * first start only, and keeps its data (and that key) across a restart.
 */
class EmbeddedStartupTest {

    private static final long KEY_WAIT_NANOS = ServiceProcess.STARTUP_MAX.toNanos();
    private static final long POLL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
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
        service = ServiceProcess.of("embedded-startup", workingDirectory, Map.of())
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
        String key = mintedKey(service.logFile());
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
        String log = Files.readString(service.logFile());
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

    /**
     * The key the first start printed: once, with a line that shows how to use it. It is
     * printed just after the service turns healthy, so it is waited for.
     */
    private static String mintedKey(Path logFile) throws IOException {
        long deadline = System.nanoTime() + KEY_WAIT_NANOS;
        String log = Files.readString(logFile);
        while (!log.contains(USAGE_LINE) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_INTERVAL_NANOS);
            log = Files.readString(logFile);
        }
        Matcher line = KEY_LINE.matcher(log);
        assertThat(line.find()).as("the log shows the minted key; see " + logFile).isTrue();
        String key = line.group(1);
        assertThat(line.find()).as("the key is printed once").isFalse();
        assertThat(log).contains(USAGE_LINE + key + "'");
        return key;
    }

    private static String transaction(String accountId, String transactionId) {
        return """
                {"accountId": "%s", "transactionId": "%s", "transactionType": "Addition",
                 "amount": 42.5, "description": "@@(Bonus.Points) - Slim Fit T-shirt",
                 "source": "Purchase", "transactionDate": "2024-11-13T08:16:27.949Z"}"""
                .formatted(accountId, transactionId);
    }
}
