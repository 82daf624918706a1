package org.pointsledger.api.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waits for something that happens in the background: polls it, within a bound. The one poll
 * of the tests; a probe may throw, and an assertion it fails ends the wait at once.
 */
public final class Await {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private Await() {
    }

    /** A condition polled by {@link #until}. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** A look polled by {@link #value}: null while what it looks for is not there yet. */
    @FunctionalInterface
    public interface Probe<T> {
        T look() throws Exception;
    }

    /** Returns as soon as {@code condition} holds; fails naming {@code what} after {@code max}. */
    public static void until(String what, Duration max, Condition condition) {
        value(() -> what, max, POLL_INTERVAL, () -> condition.holds() ? Boolean.TRUE : null);
    }

    /** Answers the first value {@code probe} sees that is not null, polled within {@code max}. */
    public static <T> T value(String what, Duration max, Probe<T> probe) {
        return value(() -> what, max, POLL_INTERVAL, probe);
    }

    /**
     * Answers the first value {@code probe} sees that is not null, polled every
     * {@code interval} within {@code max}; fails after {@code max} with {@code what}, asked
     * only then (so that it can tell what was last seen).
     */
    public static <T> T value(Supplier<String> what, Duration max, Duration interval,
                              Probe<T> probe) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            T value = look(probe);
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + max + ": " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.NANOSECONDS.convert(interval));
        }
    }

    private static <T> T look(Probe<T> probe) {
        try {
            return probe.look();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (Exception e) {
            throw new AssertionError("the poll failed", e);
        }
    }
}
