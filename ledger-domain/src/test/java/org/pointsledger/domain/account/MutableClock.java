package org.pointsledger.domain.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A clock that tests move by hand, so time-dependent rules are checked without sleeping. */
final class MutableClock extends Clock {

    private Instant now;

    MutableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
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
