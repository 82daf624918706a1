package org.pointsledger.api.security;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pointsledger.domain.errors.Conflict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Every key the ledger accepts: those of the configuration, the bootstrap key, and the stored
 * (minted) ones. Only hashes are held.
 *
 * <p>The stored keys are held in memory and re-read by a thread of their own every
 * {@link #REFRESH_INTERVAL}: a key minted or revoked on this node counts at once, one revoked on
 * another node sharing the database within that interval plus the time of a read, which keeps
 * the README's promise of 2 seconds with a second to spare. A request never waits on the
 * database to be authenticated: if the database cannot be read, the last keys read stay in
 * force (and a request that needs the database fails on it, as it would anyway).
 */
@Component
class ApiKeys {

    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);
    /** Bounds the keys compared per request, and so the buckets of the rate limits. */
    static final int STORED_KEYS_ACTIVE_MAX = 1000;
    static final String BOOTSTRAP_NAME = "bootstrap";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);

    /** A key just minted: shown once, with the key itself. */
    record Minted(ApiKeyTable.StoredKey stored, String key) {
    }

    private final ApiKeyTable table;
    private final RateLimits rateLimits;
    private final ApiKey.RateLimit defaultLimit;
    private final List<ApiKey> fixedKeys;
    private final Clock clock;
    private volatile List<ApiKey> current;
    /** Whether the last read failed; the log says so once per outage, not every interval. */
    private boolean readFailed;
    private ScheduledExecutorService refresher;

    ApiKeys(ApiKeyTable table, RateLimits rateLimits, SecurityProperties properties,
            Clock clock) {
        this.table = table;
        this.rateLimits = rateLimits;
        this.clock = clock;
        this.defaultLimit = new ApiKey.RateLimit(properties.rateLimit().requestsPerSecond(),
                properties.rateLimit().burst());
        this.fixedKeys = ConfiguredKeys.parse(properties, defaultLimit);
        this.current = fixedKeys;
    }

    @PostConstruct
    void start() {
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ledger-api-key-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refresh, REFRESH_INTERVAL.toMillis(),
                REFRESH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }

    /**
     * The key whose hash equals the presented key's. Every candidate is compared, in constant
     * time, with no early exit, so the answer's timing says nothing about the keys held.
     */
    Optional<ApiKey> authenticate(String presented) {
        byte[] presentedHash = KeyMaterial.sha256(presented);
        ApiKey found = null;
        for (ApiKey key : current) {
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
            throw new Conflict("An API key named " + name + " already exists");
        }
        if (table.activeCount() >= STORED_KEYS_ACTIVE_MAX) {
            throw new Conflict("At most " + STORED_KEYS_ACTIVE_MAX
                    + " active API keys; revoke one first");
        }
        String key = KeyMaterial.newKey();
        ApiKeyTable.StoredKey stored = new ApiKeyTable.StoredKey(UUID.randomUUID().toString(),
                name, scopes, requestsPerSecond, burst, clock.instant(), null);
        try {
            table.insert(stored, KeyMaterial.sha256Hex(key));
        } catch (DuplicateKeyException e) {
            throw new Conflict("An API key named " + name + " already exists");
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

    /** Re-reads the stored keys; one at a time, so an older read never wins over a newer. */
    private synchronized void refresh() {
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
            current = List.copyOf(keys);
            rateLimits.retainOnly(keys);
            if (readFailed) {
                LOG.info("The API keys are read again");
                readFailed = false;
            }
        } catch (RuntimeException e) {
            if (!readFailed) {
                LOG.warn("Could not re-read the API keys; the last ones read stay in force"
                        + " until the database answers again: {}", e.getMessage());
                readFailed = true;
            }
        }
    }

    static ApiKey.RateLimit limitOf(Integer requestsPerSecond, Integer burst,
                                    ApiKey.RateLimit fallback) {
        return new ApiKey.RateLimit(
                requestsPerSecond == null ? fallback.requestsPerSecond() : requestsPerSecond,
                burst == null ? fallback.burst() : burst);
    }
}
