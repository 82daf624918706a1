package org.pointsledger.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Proves the token bucket's arithmetic and that buckets are bounded by the valid keys. */
class RateLimitsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimits limits = new RateLimits(nanos::get);

    private static ApiKey key(String id, int requestsPerSecond, int burst) {
        return new ApiKey(id, id, new byte[32], Set.of(Scope.POINTS_READ),
                new ApiKey.RateLimit(requestsPerSecond, burst));
    }

    @Test
    void bucket_allowsTheBurst_thenRefusesWithWholeSecondsToWait() {
        ApiKey key = key("a", 2, 3);
        for (int request = 0; request < 3; request++) {
            assertThat(limits.tryTake(key)).as("request " + request).isZero();
        }
        assertThat(limits.tryTake(key)).isEqualTo(1);
    }

    @Test
    void bucket_refillsAtTheRate_butNeverAboveTheBurst() {
        ApiKey key = key("b", 10, 5);
        for (int request = 0; request < 5; request++) {
            limits.tryTake(key);
        }
        assertThat(limits.tryTake(key)).isPositive();
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(limits.tryTake(key)).isZero();
        assertThat(limits.tryTake(key)).isZero();
        assertThat(limits.tryTake(key)).isPositive();
        nanos.addAndGet(TimeUnit.HOURS.toNanos(1));
        for (int request = 0; request < 5; request++) {
            assertThat(limits.tryTake(key)).isZero();
        }
        assertThat(limits.tryTake(key)).isPositive();
    }

    @Test
    void retryAfter_coversTheWaitForOneToken_whenTheRateIsBelowOnePerSecondsWorth() {
        ApiKey slow = key("c", 1, 1);
        assertThat(limits.tryTake(slow)).isZero();
        assertThat(limits.tryTake(slow)).isEqualTo(1);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        assertThat(limits.tryTake(slow)).isEqualTo(1);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(2));
        assertThat(limits.tryTake(slow)).isZero();
    }

    @Test
    void buckets_ofKeysNoLongerValid_areForgotten() {
        ApiKey kept = key("kept", 1, 1);
        limits.tryTake(kept);
        limits.tryTake(key("gone", 1, 1));
        assertThat(limits.size()).isEqualTo(2);

        limits.retainOnly(List.of(kept));

        assertThat(limits.size()).isEqualTo(1);
        assertThat(limits.tryTake(kept)).as("the kept bucket is still empty").isPositive();
    }
}
