package org.pointsledger.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Row 2: single adds from wrk's connections into the pool accounts, each under a
 * transactionId of its own, and exactly accounted for. The script logs every request and every
 * answer, and each answer must be a 201 (a new id is never a repeat). A request that wrk cut
 * off when its time was up has no answer, and may or may not have been applied; it is sent
 * again, identical, and must answer 201 if the first never arrived, 200 if it did. Then every
 * add counts once, and the pool must show exactly that.
 */
final class SingleAddsWorkload {

    static final String PATH = "/api/v3/point-transactions";
    /** Every add adds this much, so a sum tells how many were applied. */
    static final BigDecimal AMOUNT = new BigDecimal("1.2345");
    private static final String SCRIPT = "single-adds.lua";

    /** The measured run, and the adds sent again because they got no answer. */
    record Figures(Wrk.Result wrk, int resent) {
    }

    private final LedgerClient client;
    private final String baseUrl;
    private final String apiKey;
    private final ExpectedLedger ledger;
    private final Path directory;
    private final String tag;

    SingleAddsWorkload(LedgerClient client, String baseUrl, String apiKey, ExpectedLedger ledger,
                       Path directory, String tag) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.ledger = ledger;
        this.directory = directory;
        this.tag = tag;
    }

    /**
     * One wrk run of {@code duration} over the accounts of {@code contacts}, every add
     * accounted for before it answers.
     */
    Figures run(String name, List<String> contacts, int threads, int connections,
                Duration duration) {
        Map<String, String> contactByAccount = new HashMap<>();
        contacts.forEach(contact -> contactByAccount.put(ledger.accountId(contact), contact));
        Path accounts = write(name + "-accounts.txt", String.join("\n",
                contactByAccount.keySet()));
        Path logPrefix = directory.resolve(name + "-thread");
        Wrk.Result result = Wrk.run(baseUrl, Tools.resource(SCRIPT, directory), threads,
                connections, duration, directory.resolve(name + "-wrk.log"), List.of(
                        accounts.toString(), logPrefix.toString(), name + "-" + tag,
                        apiKey, AMOUNT.toPlainString()));
        int resent = account(name, logPrefix, result, contactByAccount);
        return new Figures(result, resent);
    }

    /** Reads the script's logs, sends the unanswered again, counts every add once. */
    private int account(String name, Path logPrefix, Wrk.Result result,
                        Map<String, String> contactByAccount) {
        Map<String, String> accountById = new TreeMap<>();
        Map<String, Integer> statusById = new HashMap<>();
        readLogs(logPrefix, accountById, statusById);
        CheckFailed.unless(statusById.size() == result.requests(), name + ": wrk counted "
                + result.requests() + " answers, its logs " + statusById.size());
        Map<Integer, Integer> otherThanCreated = new TreeMap<>();
        statusById.values().stream().filter(status -> status != 201)
                .forEach(status -> otherThanCreated.merge(status, 1, Integer::sum));
        CheckFailed.unless(otherThanCreated.isEmpty(), name + ": single adds answered "
                + otherThanCreated + " (status: count) besides 201; see the service log");
        CheckFailed.unless(result.errors() == 0, name + ": wrk saw " + result.errors()
                + " connection errors");
        int resent = 0;
        for (Map.Entry<String, String> sent : accountById.entrySet()) {
            if (!statusById.containsKey(sent.getKey())) {
                resend(sent.getKey(), sent.getValue());
                resent++;
            }
            ledger.add(contactByAccount.get(sent.getValue()), AMOUNT, false, null);
        }
        return resent;
    }

    /** The body of one add, as the script sends it. */
    static String body(String accountId, String transactionId) {
        return "{\"accountId\":\"" + accountId + "\",\"transactionId\":\"" + transactionId
                + "\",\"transactionType\":\"Addition\",\"amount\":" + AMOUNT.toPlainString()
                + ",\"description\":\"benchmark single add\",\"source\":\"Benchmark\"}";
    }

    private void resend(String transactionId, String accountId) {
        LedgerClient.Answer answer = client.post(PATH, body(accountId, transactionId),
                Map.of("X-Request-Id", transactionId));
        CheckFailed.unless(answer.status() == 201 || answer.status() == 200,
                "an add sent again (" + transactionId + ") answered " + answer.status() + ": "
                        + answer.body());
    }

    /** "S id account" for each request made, "R status id" for each answer. */
    private static void readLogs(Path logPrefix, Map<String, String> accountById,
                                 Map<String, Integer> statusById) {
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(logPrefix.getParent(),
                logPrefix.getFileName() + "-*.log")) {
            for (Path log : logs) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    String[] fields = line.split(" ");
                    if (fields[0].equals("S")) {
                        accountById.put(fields[1], fields[2]);
                    } else if (statusById.put(fields[2], Integer.parseInt(fields[1])) != null) {
                        throw new CheckFailed("two answers to one add: " + fields[2]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CheckFailed.unless(accountById.keySet().containsAll(statusById.keySet()),
                "an answer names an add that was never sent (X-Request-Id not echoed?)");
    }

    private Path write(String file, String text) {
        try {
            return Files.writeString(directory.resolve(file), text + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
