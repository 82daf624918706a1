package org.pointsledger.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/**
 * Row 5: the projection rebuild (POST /api/v3/admin/projections/rebuild) over everything the
 * run wrote, followed at GET /api/v3/admin/projections until it ends. Its rate is the events
 * it replayed over the time from its start to its end, as the service reports them.
 */
final class RebuildWorkload {

    static final String PATH = "/api/v3/admin/projections";
    static final Duration REBUILD_MAX = Duration.ofMinutes(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    record Figures(long events, double seconds) {

        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private final LedgerClient client;

    RebuildWorkload(LedgerClient client) {
        this.client = client;
    }

    Figures run() {
        LedgerClient.Answer started = client.post(PATH + "/rebuild", "");
        CheckFailed.unless(started.status() == 202, "the rebuild answered " + started.status()
                + ": " + started.body());
        long deadline = System.nanoTime() + REBUILD_MAX.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode rebuild = client.get(PATH).json().path("rebuild");
            String state = rebuild.path("state").asText();
            CheckFailed.unless(!state.equals("FAILED"), "the rebuild failed: " + rebuild);
            if (state.equals("SUCCEEDED")) {
                Duration took = Duration.between(Instant.parse(rebuild.path("startedAt").asText()),
                        Instant.parse(rebuild.path("finishedAt").asText()));
                return new Figures(rebuild.path("eventsDone").asLong(),
                        Math.max(took.toNanos(), 1) / 1e9);
            }
            LedgerService.pause(POLL_INTERVAL);
        }
        throw new CheckFailed("the rebuild did not end within " + REBUILD_MAX);
    }
}
