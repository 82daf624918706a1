package org.pointsledger.api.security;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket: it holds at most {@code burst} tokens, refills at {@code requestsPerSecond},
 * and each request takes one. Time is read from a nanosecond ticker so tests can move it.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final ApiKey.RateLimit limit;
    private double tokens;
    private long refilledNanos;

    TokenBucket(ApiKey.RateLimit limit, long nowNanos) {
        this.limit = limit;
        this.tokens = limit.burst();
        this.refilledNanos = nowNanos;
    }

    ApiKey.RateLimit limit() {
        return limit;
    }

    /**
     * Takes a token if there is one. Answers 0 when it did, else the whole seconds (at least 1)
     * until one will be there.
     */
    synchronized long tryTake(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - refilledNanos);
        tokens = Math.min(limit.burst(),
                tokens + elapsed * limit.requestsPerSecond() / NANOS_PER_SECOND);
        refilledNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        double secondsToNextToken = (1 - tokens) / limit.requestsPerSecond();
        return Math.max(1, (long) Math.ceil(secondsToNextToken));
    }
}
