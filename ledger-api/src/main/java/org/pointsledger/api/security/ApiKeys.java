package org.pointsledger.api.security;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.pointsledger.api.problems.ConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Every key the ledger accepts: those of the configuration, the bootstrap key, and the stored
 * (minted) ones. Only hashes are held.
 *
 * <p>The stored keys are cached for {@link #REFRESH_INTERVAL}: a key minted or revoked on this
 * node counts at once, one revoked on another node sharing the database within that interval.
 * The first request after the interval re-reads them. If the database cannot be read, the
 * last keys read stay in force (and the request goes on to fail on the database itself).
 */
@Component
class ApiKeys {

    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(2);
    /** Bounds the keys compared per request, and so the buckets of the rate limits. */
    static final int STORED_KEYS_ACTIVE_MAX = 1000;
    static final String BOOTSTRAP_NAME = "bootstrap";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);

    /** A key just minted: shown once, with the key itself. */
    record Minted(ApiKeyTable.StoredKey stored, String key) {
    }

    private record Snapshot(List<ApiKey> keys, long readNanos) {
    }

    private final ApiKeyTable table;
    private final RateLimits rateLimits;
    private final ApiKey.RateLimit defaultLimit;
    private final List<ApiKey> fixedKeys;
    private final Clock clock;
    private final LongSupplier nanoTicker = System::nanoTime;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Snapshot snapshot;

    ApiKeys(ApiKeyTable table, RateLimits rateLimits, SecurityProperties properties,
            Clock clock) {
        this.table = table;
        this.rateLimits = rateLimits;
        this.clock = clock;
        this.defaultLimit = new ApiKey.RateLimit(properties.rateLimit().requestsPerSecond(),
                properties.rateLimit().burst());
        this.fixedKeys = ConfiguredKeys.parse(properties, defaultLimit);
        this.snapshot = new Snapshot(fixedKeys,
                nanoTicker.getAsLong() - REFRESH_INTERVAL.toNanos() - 1);
    }

    /**
     * The key whose hash equals the presented key's. Every candidate is compared, in constant
     * time, with no early exit, so the answer's timing says nothing about the keys held.
     */
    Optional<ApiKey> authenticate(String presented) {
        byte[] presentedHash = KeyMaterial.sha256(presented);
        ApiKey found = null;
        for (ApiKey key : current()) {
            if (MessageDigest.isEqual(key.sha256(), presentedHash)) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether any key at all would be accepted: configured, bootstrap, or stored. */
    boolean anyKeyExists() {
        return !fixedKeys.isEmpty() || table.activeCount() > 0;
    }

    Minted mint(String name, Set<Scope> scopes, Integer requestsPerSecond, Integer burst) {
        if (fixedKeys.stream().anyMatch(key -> key.name().equals(name))) {
            throw new ConflictException("An API key named " + name + " already exists");
        }
        if (table.activeCount() >= STORED_KEYS_ACTIVE_MAX) {
            throw new ConflictException("At most " + STORED_KEYS_ACTIVE_MAX
                    + " active API keys; revoke one first");
        }
        String key = KeyMaterial.newKey();
        ApiKeyTable.StoredKey stored = new ApiKeyTable.StoredKey(UUID.randomUUID().toString(),
                name, scopes, requestsPerSecond, burst, clock.instant(), null);
        try {
            table.insert(stored, KeyMaterial.sha256Hex(key));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("An API key named " + name + " already exists");
        }
        refresh();
        return new Minted(stored, key);
    }

    /** Revokes a stored key at once on this node; false when there is no such key. */
    boolean revoke(String id) {
        boolean revoked = table.revoke(id, clock.instant());
        refresh();
        return revoked;
    }

    List<ApiKeyTable.StoredKey> page(int offset, int count) {
        return table.page(offset, count);
    }

    long count() {
        return table.count();
    }

    private List<ApiKey> current() {
        Snapshot held = snapshot;
        if (nanoTicker.getAsLong() - held.readNanos() > REFRESH_INTERVAL.toNanos()
                && refreshing.compareAndSet(false, true)) {
            try {
                refresh();
            } finally {
                refreshing.set(false);
            }
        }
        return snapshot.keys();
    }

    private synchronized void refresh() {
        long now = nanoTicker.getAsLong();
        try {
            List<ApiKey> keys = new ArrayList<>(fixedKeys);
            Set<String> fixedNames = new HashSet<>();
            fixedKeys.forEach(key -> fixedNames.add(key.name()));
            for (ApiKeyTable.ActiveKey active : table.active()) {
                ApiKeyTable.StoredKey stored = active.key();
                if (fixedNames.contains(stored.name())) {
                    LOG.warn("Stored API key {} is ignored: a configured key has its name",
                            stored.name());
                    continue;
                }
                keys.add(new ApiKey(stored.id(), stored.name(),
                        KeyMaterial.parseSha256Hex(active.sha256Hex()), stored.scopes(),
                        limitOf(stored.requestsPerSecond(), stored.burst(), defaultLimit)));
            }
            snapshot = new Snapshot(List.copyOf(keys), now);
            rateLimits.retainOnly(keys);
        } catch (DataAccessException e) {
            snapshot = new Snapshot(snapshot.keys(), now);
            LOG.warn("Could not re-read the API keys; the last ones read stay in force: {}",
                    e.getMessage());
        }
    }

    static ApiKey.RateLimit limitOf(Integer requestsPerSecond, Integer burst,
                                    ApiKey.RateLimit fallback) {
        return new ApiKey.RateLimit(
                requestsPerSecond == null ? fallback.requestsPerSecond() : requestsPerSecond,
                burst == null ? fallback.burst() : burst);
    }
}
