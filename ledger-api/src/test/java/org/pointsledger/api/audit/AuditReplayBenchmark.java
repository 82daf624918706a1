package org.pointsledger.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.pointsledger.api.support.Accounts;
import org.pointsledger.api.support.Api;
import org.pointsledger.api.support.LedgerIntegrationTest;

/**
 * Measures how the replay of one account (balance now, balance as of the middle of its
 * history, verify) and the last page of its events scale with its number of events. Not part
 * of the default run (not named *Test); run it with
 * {@code mvn -B -pl ledger-api -am verify -Dtest=AuditReplayBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}, sizes with {@code -Dbenchmark.audit.sizes=1000,10000}.
 */
class AuditReplayBenchmark extends LedgerIntegrationTest {

    private static final int BULK_ITEMS = 1000;
    private static final int ROUNDS = 3;

    @Test
    void replayOfOneAccount_timedAtGrowingHistories() {
        String contactId = uniqueContactId("audit-bench");
        String accountId = Accounts.open(api(), contactId);
        long events = 1;
        StringBuilder report = new StringBuilder(String.format(
                "%n%10s %12s %12s %12s %12s%n", "events", "balance ms", "asOf ms", "verify ms",
                "events ms"));
        for (String size : System.getProperty("benchmark.audit.sizes", "1000,10000,100000")
                .split(",")) {
            long target = Long.parseLong(size.trim());
            events = grow(contactId, events, target);
            String base = "/api/v3/point-accounts/" + accountId;
            double balance = millis(base + "/balance");
            double asOf = millis(base + "/balance?asOf=" + clock.instant());
            double verify = millis(base + "/verify");
            double page = millis(base + "/events?offset=" + (events - 100));
            assertThat(api().get(base + "/verify").json().path("verified").asBoolean()).isTrue();
            assertThat(api().get(base + "/balance").json().path("balance").decimalValue())
                    .isEqualByComparingTo(BigDecimal.valueOf(events - 1));
            report.append(String.format("%10d %12.1f %12.1f %12.1f %12.1f%n", events, balance,
                    asOf, verify, page));
        }
        System.out.println(report);
    }

    /** Adds one point per event through bulk requests until the account has the target. */
    private long grow(String contactId, long events, long target) {
        while (events < target) {
            int items = (int) Math.min(BULK_ITEMS, target - events);
            StringBuilder body = new StringBuilder("[");
            for (int item = 0; item < items; item++) {
                body.append(item == 0 ? "" : ",").append("{\"contactId\":\"").append(contactId)
                        .append("\",\"definitionId\":1,\"amount\":1,\"source\":\"Purchase\",")
                        .append("\"description\":\"bench\"}");
            }
            Api.Response answer = api().post("/api/v3/point-accounts/transactions",
                    body.append(']').toString());
            assertThat(answer.status()).as(answer.text()).isEqualTo(202);
            events += items;
        }
        return events;
    }

    /** The best of a few runs of one GET, in milliseconds. */
    private double millis(String path) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            Api.Response answer = api().get(path);
            double elapsed = (System.nanoTime() - start) / 1e6;
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            best = Math.min(best, elapsed);
        }
        return best;
    }
}
