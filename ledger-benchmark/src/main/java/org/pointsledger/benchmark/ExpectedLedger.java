package org.pointsledger.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What every account of the run must show, kept by the benchmark from the answers it got:
 * each accepted addition counts once, in {@code balance} when it is active and in
 * {@code pendingPoints} when its {@code validFrom} is in the future; {@code balanceExpires}
 * is the earliest {@code validTo} of the active additions (the run never deducts, and every
 * {@code validTo} it sends is decades away, so no lot expires or is drawn from). Checked
 * through the API, to the last decimal, for every account a workload touched.
 */
final class ExpectedLedger {

    static final int DEFINITION_ID = 1;
    private static final int MISMATCHES_SHOWN_MAX = 10;

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    private static final class Account {
        private BigDecimal balance = BigDecimal.ZERO;
        private BigDecimal pending = BigDecimal.ZERO;
        private Instant balanceExpires;
        private String id;
    }

    /** An account opened with nothing on it. */
    void open(String contact) {
        accounts.computeIfAbsent(contact, ignored -> new Account());
    }

    /** One accepted addition, counted once. */
    void add(String contact, BigDecimal amount, boolean pending, Instant validTo) {
        Account account = accounts.computeIfAbsent(contact, ignored -> new Account());
        synchronized (account) {
            if (pending) {
                account.pending = account.pending.add(amount);
                return;
            }
            account.balance = account.balance.add(amount);
            if (validTo != null && (account.balanceExpires == null
                    || validTo.isBefore(account.balanceExpires))) {
                account.balanceExpires = validTo;
            }
        }
    }

    /** The account's id, known once an answer or a check has named it. */
    String accountId(String contact) {
        Account account = accounts.get(contact);
        String id = account == null ? null : account.id;
        if (id == null) {
            throw new IllegalStateException("no account id known for contact " + contact);
        }
        return id;
    }

    void knowAccountId(String contact, String id) {
        accounts.computeIfAbsent(contact, ignored -> new Account()).id = id;
    }

    List<String> contacts() {
        return List.copyOf(accounts.keySet());
    }

    /**
     * Reads each contact's account through the API ({@code clients} at a time) and fails the
     * run unless every one shows exactly what was accepted for it.
     */
    void verify(LedgerClient client, Collection<String> contacts, int clients, String after) {
        List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (String contact : contacts) {
                checks.add(pool.submit(() -> {
                    String mismatch = check(client, contact);
                    if (mismatch != null) {
                        mismatches.add(mismatch);
                    }
                }));
            }
            for (Future<?> check : checks) {
                Futures.await(check);
            }
        } finally {
            pool.shutdownNow();
        }
        CheckFailed.unless(mismatches.isEmpty(), "after " + after + ", " + mismatches.size()
                + " of " + contacts.size() + " accounts differ from what was accepted: "
                + mismatches.subList(0, Math.min(MISMATCHES_SHOWN_MAX, mismatches.size())));
    }

    private String check(LedgerClient client, String contact) {
        Account expected = accounts.get(contact);
        LedgerClient.Answer answer = client.get("/api/v3/point-accounts?contactId="
                + URLEncoder.encode(contact, StandardCharsets.UTF_8));
        if (answer.status() != 200) {
            return contact + ": status " + answer.status() + " " + answer.body();
        }
        JsonNode items = answer.json().path("items");
        if (items.size() != 1) {
            return contact + ": " + items.size() + " accounts";
        }
        JsonNode account = items.get(0);
        synchronized (expected) {
            if (expected.id != null && !expected.id.equals(account.path("id").asText())) {
                return contact + ": account id " + account.path("id").asText() + ", was "
                        + expected.id;
            }
            expected.id = account.path("id").asText();
            Instant expires = account.path("balanceExpires").isNull() ? null
                    : Instant.parse(account.path("balanceExpires").asText());
            if (account.path("definitionId").asInt() != DEFINITION_ID
                    || account.path("balance").decimalValue().compareTo(expected.balance) != 0
                    || account.path("pendingPoints").decimalValue()
                            .compareTo(expected.pending) != 0
                    || !Objects.equals(expires, expected.balanceExpires)) {
                return contact + ": answered balance " + account.path("balance") + ", pending "
                        + account.path("pendingPoints") + ", expires " + expires
                        + "; expected " + expected.balance.toPlainString() + ", "
                        + expected.pending.toPlainString() + ", " + expected.balanceExpires;
            }
        }
        return null;
    }
}
