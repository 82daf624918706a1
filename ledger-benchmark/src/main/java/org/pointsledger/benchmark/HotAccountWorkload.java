package org.pointsledger.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Row 4: what a long history costs a write. One account is given many additions through bulk
 * requests; then single adds go, one at a time from one client, alternately into it and into
 * a fresh account (opened just before, a new one each time), so that both see the same
 * service, warm or not. The figure is the ratio of their median times.
 */
final class HotAccountWorkload {

    /** The adds' times, into the hot account and into fresh ones. */
    record Figures(int events, Latencies hot, Latencies fresh) {

        double ratio() {
            return hot.medianMillis() / fresh.medianMillis();
        }
    }

    private final LedgerClient client;
    private final ExpectedLedger ledger;
    private final BulkRequests bulkRequests;
    private final String tag;

    HotAccountWorkload(LedgerClient client, ExpectedLedger ledger, BulkRequests bulkRequests,
                       String tag) {
        this.client = client;
        this.ledger = ledger;
        this.bulkRequests = bulkRequests;
        this.tag = tag;
    }

    /** Gives the hot account its history (set-up work, not measured); answers its contact. */
    String load(int events) {
        String contact = "hot-" + tag;
        new BulkWorkload(client, ledger).sendInTurn(bulkRequests.hotAccount(contact, events));
        return contact;
    }

    /** Opens the fresh accounts (set-up work, not measured); answers their contacts. */
    List<String> openFresh(int count) {
        List<String> contacts = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            String contact = "fresh-" + tag + "-" + index;
            LedgerClient.Answer answer = client.post("/api/v3/point-accounts",
                    "{\"contactId\":\"" + contact + "\",\"definitionId\":"
                            + ExpectedLedger.DEFINITION_ID + "}");
            CheckFailed.unless(answer.status() == 201, "opening " + contact + " answered "
                    + answer.status() + ": " + answer.body());
            ledger.open(contact);
            ledger.knowAccountId(contact, answer.json().path("id").asText());
            contacts.add(contact);
        }
        return contacts;
    }

    /** {@code fresh.size()} adds into the hot account, each followed by one into a fresh one. */
    Figures measure(String hot, List<String> fresh, int events) {
        List<Long> hotNanos = new ArrayList<>();
        List<Long> freshNanos = new ArrayList<>();
        for (int index = 0; index < fresh.size(); index++) {
            hotNanos.add(add(hot, "hot-add-" + tag + "-" + index));
            freshNanos.add(add(fresh.get(index), "fresh-add-" + tag + "-" + index));
        }
        return new Figures(events, new Latencies(hotNanos), new Latencies(freshNanos));
    }

    private long add(String contact, String transactionId) {
        LedgerClient.Answer answer = client.post(SingleAddsWorkload.PATH,
                SingleAddsWorkload.body(ledger.accountId(contact), transactionId),
                Map.of("X-Request-Id", transactionId));
        CheckFailed.unless(answer.status() == 201, "add " + transactionId + " answered "
                + answer.status() + ": " + answer.body());
        ledger.add(contact, SingleAddsWorkload.AMOUNT, false, null);
        return answer.nanos();
    }
}
