package org.pointsledger.domain.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A clock that tests move by hand, so time-dependent rules are checked without sleeping; it
 * stands still between moves. The one copy for every module's tests (published in
 * ledger-domain's test-jar); safe to read and move from several threads.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final UnaryOperator<Instant> precision;

    /** A clock exact to the nanosecond, as the domain's rules are. */
    public MutableClock(Instant start) {
        this(start, UnaryOperator.identity());
    }

    private MutableClock(Instant start, UnaryOperator<Instant> precision) {
        this.precision = precision;
        this.now = new AtomicReference<>(precision.apply(Objects.requireNonNull(start, "start")));
    }

    /**
     * A clock whose start and set instants are cut to the microsecond, what PostgreSQL keeps,
     * so that an instant the service reads from it survives a round trip through the database.
     */
    public static MutableClock toTheMicrosecond(Instant start) {
        return new MutableClock(start, instant -> instant.truncatedTo(ChronoUnit.MICROS));
    }

    public void set(Instant instant) {
        now.set(precision.apply(Objects.requireNonNull(instant, "instant")));
    }

    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The ledger reads instants only, so another zone is the same clock. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
