package org.pointsledger.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Row 1: bulk requests sent by a few concurrent clients, each answer checked item by item
 * against {@link BulkRequests}' expectations before its points are counted in the
 * {@link ExpectedLedger}.
 */
final class BulkWorkload {

    static final String PATH = "/api/v3/point-accounts/transactions";

    /**
     * @param items items sent (accepted and refused: each was answered)
     * @param requestLatencies the time of each request, sent to answered
     */
    record Figures(long items, double seconds, Latencies requestLatencies) {

        double itemsPerSecond() {
            return items / seconds;
        }
    }

    private final LedgerClient client;
    private final ExpectedLedger ledger;

    BulkWorkload(LedgerClient client, ExpectedLedger ledger) {
        this.client = client;
        this.ledger = ledger;
    }

    /** Sends the requests one after the other (set-up work, not measured). */
    void sendInTurn(List<BulkRequests.Request> requests) {
        requests.forEach(this::send);
    }

    /** Sends the requests from {@code clients} threads at once and measures them. */
    Figures measure(List<BulkRequests.Request> requests, int clients) {
        List<String> bodies = requests.stream().map(BulkRequests.Request::body).toList();
        AtomicInteger next = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int sender = 0; sender < clients; sender++) {
                senders.add(pool.submit(() -> {
                    for (int index = next.getAndIncrement(); index < requests.size();
                         index = next.getAndIncrement()) {
                        latencies.add(send(requests.get(index), bodies.get(index)));
                    }
                }));
            }
            senders.forEach(Futures::await);
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long items = requests.stream().mapToLong(request -> request.items().size()).sum();
        return new Figures(items, seconds, new Latencies(latencies));
    }

    private void send(BulkRequests.Request request) {
        send(request, request.body());
    }

    /** Sends one request, checks its answer exactly, counts its points; answers its time. */
    private long send(BulkRequests.Request request, String body) {
        LedgerClient.Answer answer = client.post(PATH, body,
                Map.of("Idempotency-Key", request.idempotencyKey()));
        String which = "bulk request " + request.idempotencyKey();
        CheckFailed.unless(answer.status() == 202, which + " answered " + answer.status()
                + ": " + answer.body());
        JsonNode json = answer.json();
        Set<Integer> refused = new TreeSet<>();
        for (JsonNode item : json.path("notAccepted")) {
            refused.add(item.path("index").asInt());
            CheckFailed.unless(!item.path("errorMessages").isEmpty(), which
                    + " refused an item without saying why: " + item);
        }
        CheckFailed.unless(json.path("accepted").asInt() == request.expectedAccepted()
                        && refused.equals(request.refused())
                        && json.path("missingDefinitionIds").isEmpty(),
                which + " answered accepted " + json.path("accepted") + ", refused " + refused
                        + "; expected " + request.expectedAccepted() + " and "
                        + request.refused() + ": " + json.path("errorMessages"));
        request.applied().forEach(item -> ledger.add(item.contact(), item.amount(),
                item.pending(), item.validTo()));
        return answer.nanos();
    }
}
