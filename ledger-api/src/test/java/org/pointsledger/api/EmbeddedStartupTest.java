package org.pointsledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.ServiceProcess;

/** Proves the service starts on its embedded H2 default and keeps its data across a restart. */
class EmbeddedStartupTest {

    private Path workingDirectory;
    private ServiceProcess service;

    @BeforeEach
    void createWorkingDirectory() throws IOException {
        workingDirectory = Files.createTempDirectory("ledger-embedded-");
        // As a new user runs it: no LEDGER_DB_URL, so the H2 file under ./data.
        service = ServiceProcess.of("embedded-startup", workingDirectory, Map.of());
    }

    @AfterEach
    void stopAndDeleteEverything() throws IOException {
        service.close();
        try (Stream<Path> files = Files.walk(workingDirectory)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Test
    void service_keepsAccountsAndTransactionsInItsH2File_whenRestartedWithoutLedgerDbUrl()
            throws Exception {
        String contactId = "embedded-" + UUID.randomUUID().toString().substring(0, 13);
        String transactionId = "tx-" + UUID.randomUUID();

        Api api = service.start().api();
        try (Stream<Path> data = Files.list(workingDirectory.resolve("data"))) {
            assertThat(data.map(path -> path.getFileName().toString()))
                    .as("the embedded H2 database file").contains("ledger.mv.db");
        }
        Api.Response opened = api.post("/api/v3/point-accounts",
                "{\"contactId\":\"" + contactId + "\",\"definitionId\":1}");
        assertThat(opened.status()).as(opened.text()).isEqualTo(201);
        String accountId = opened.json().path("id").asText();
        Api.Response added = api.post("/api/v3/point-transactions",
                transaction(accountId, transactionId));
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        service.stop();

        api = service.start().api();
        Api.Response account = api.get("/api/v3/point-accounts/" + accountId);
        assertThat(account.status()).as(account.text()).isEqualTo(200);
        assertThat(account.json().path("contactId").asText()).isEqualTo(contactId);
        assertThat(account.json().path("balance").decimalValue()).isEqualByComparingTo("42.5");
        Api.Response stored = api.get("/api/v3/point-transactions/" + transactionId);
        assertThat(stored.status()).as(stored.text()).isEqualTo(200);
        assertThat(stored.json().path("amount").decimalValue()).isEqualByComparingTo("42.5");
        assertThat(api.post("/api/v3/point-transactions", transaction(accountId,
                transactionId)).status()).as("a repeat after the restart").isEqualTo(200);
    }

    private static String transaction(String accountId, String transactionId) {
        return """
                {"accountId": "%s", "transactionId": "%s", "transactionType": "Addition",
                 "amount": 42.5, "description": "@@(Bonus.Points) - Slim Fit T-shirt",
                 "source": "Purchase", "transactionDate": "2024-11-13T08:16:27.949Z"}"""
                .formatted(accountId, transactionId);
    }
}
