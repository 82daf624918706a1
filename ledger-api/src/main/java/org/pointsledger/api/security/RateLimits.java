package org.pointsledger.api.security;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * One token bucket per key. Buckets exist only for keys that are currently valid, so their
 * number is bounded by the number of keys: a bucket goes when its key does.
 */
final class RateLimits {

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTicker;

    RateLimits(LongSupplier nanoTicker) {
        this.nanoTicker = nanoTicker;
    }

    /** Takes one request from the key's bucket: 0 when allowed, else seconds to wait. */
    long tryTake(ApiKey key) {
        long now = nanoTicker.getAsLong();
        TokenBucket bucket = buckets.compute(key.id(), (id, existing) ->
                existing != null && existing.limit().equals(key.rateLimit())
                        ? existing : new TokenBucket(key.rateLimit(), now));
        return bucket.tryTake(now);
    }

    /** Forgets the buckets of keys that are no longer valid. */
    void retainOnly(Collection<ApiKey> validKeys) {
        Set<String> ids = validKeys.stream().map(ApiKey::id).collect(Collectors.toSet());
        buckets.keySet().retainAll(ids);
    }

    int size() {
        return buckets.size();
    }
}
