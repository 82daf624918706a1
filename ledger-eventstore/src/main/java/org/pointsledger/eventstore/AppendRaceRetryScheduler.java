package org.pointsledger.eventstore;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.AbstractRetryScheduler;

/**
 * Retries a command that lost an append race after a jittered, exponentially growing pause:
 * half the nominal pause plus a random part of the other half, the nominal pause doubling from
 * {@code firstIntervalMilliseconds} up to {@code intervalMaxMilliseconds}. Many writers of one
 * account on several nodes then spread out instead of colliding again in lockstep, as they do
 * under a fixed interval. The attempts, and so the time a request can wait, are bounded.
 */
final class AppendRaceRetryScheduler extends AbstractRetryScheduler {

    private final long firstIntervalMilliseconds;
    private final long intervalMaxMilliseconds;

    private AppendRaceRetryScheduler(Builder builder) {
        super(builder);
        this.firstIntervalMilliseconds = builder.firstIntervalMilliseconds;
        this.intervalMaxMilliseconds = builder.intervalMaxMilliseconds;
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    protected long computeRetryInterval(CommandMessage commandMessage,
                                        RuntimeException lastFailure,
                                        List<Class<? extends Throwable>[]> failures) {
        return intervalAfter(failures.size(), ThreadLocalRandom.current().nextDouble());
    }

    /** The pause after the {@code failureCount}-th failure, for a random number in [0, 1). */
    long intervalAfter(int failureCount, double random) {
        int doublings = Math.min(Math.max(failureCount - 1, 0), 30);
        long nominal = Math.min(intervalMaxMilliseconds, firstIntervalMilliseconds << doublings);
        return nominal / 2 + (long) (random * (nominal - nominal / 2));
    }

    /** The longest a command can spend waiting between its attempts. */
    long totalIntervalMaxMilliseconds(int retries) {
        long total = 0;
        for (int failure = 1; failure <= retries; failure++) {
            total += intervalAfter(failure, 1.0);
        }
        return total;
    }

    static final class Builder extends AbstractRetryScheduler.Builder<Builder> {

        private long firstIntervalMilliseconds;
        private long intervalMaxMilliseconds;

        Builder intervals(long firstMilliseconds, long maxMilliseconds) {
            if (firstMilliseconds <= 0 || maxMilliseconds < firstMilliseconds) {
                throw new IllegalArgumentException("0 < first interval <= max interval");
            }
            this.firstIntervalMilliseconds = firstMilliseconds;
            this.intervalMaxMilliseconds = maxMilliseconds;
            return this;
        }

        AppendRaceRetryScheduler build() {
            validate();
            if (firstIntervalMilliseconds <= 0) {
                throw new IllegalStateException("intervals are required");
            }
            return new AppendRaceRetryScheduler(this);
        }
    }
}
