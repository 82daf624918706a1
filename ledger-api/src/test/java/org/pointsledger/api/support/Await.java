package org.pointsledger.api.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for something that happens in the background: polls it, within a bound. */
public final class Await {

    private static final long POLL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private Await() {
    }

    /** Returns as soon as {@code condition} holds; fails naming {@code what} after {@code max}. */
    public static void until(String what, Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + max + ": " + what);
            }
            LockSupport.parkNanos(POLL_INTERVAL_NANOS);
        }
    }
}
