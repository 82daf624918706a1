package org.pointsledger.api.rebuild;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the latest rebuild of the read models stands, as this node saw it. The rate counts
 * events per second since the start; the time left assumes it stays the same.
 */
public record RebuildStatus(State state, long eventsDone, long eventsTotal,
                            double eventsPerSecond, Long secondsLeft, Instant startedAt,
                            Instant finishedAt, String failure) {

    public enum State { NEVER_RUN, RUNNING, SUCCEEDED, FAILED }

    static RebuildStatus neverRun() {
        return new RebuildStatus(State.NEVER_RUN, 0, 0, 0, null, null, null, null);
    }

    static RebuildStatus running(Instant startedAt, long eventsDone, long eventsTotal,
                                 Instant now) {
        double seconds = Math.max(Duration.between(startedAt, now).toMillis(), 1) / 1000.0;
        double rate = eventsDone / seconds;
        long total = Math.max(eventsTotal, eventsDone);
        Long secondsLeft = rate > 0 ? (long) Math.ceil((total - eventsDone) / rate) : null;
        return new RebuildStatus(State.RUNNING, eventsDone, total, round(rate), secondsLeft,
                startedAt, null, null);
    }

    RebuildStatus succeeded(Instant now) {
        return new RebuildStatus(State.SUCCEEDED, eventsDone, eventsDone, eventsPerSecond, 0L,
                startedAt, now, null);
    }

    RebuildStatus failed(Instant now, String cause) {
        return new RebuildStatus(State.FAILED, eventsDone, eventsTotal, eventsPerSecond, null,
                startedAt, now, cause);
    }

    private static double round(double rate) {
        return Math.round(rate * 10) / 10.0;
    }
}
