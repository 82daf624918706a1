package org.pointsledger.api.security;

import java.util.Set;

/**
 * A key the ledger accepts, known only by its SHA-256.
 *
 * @param id where the key comes from and which one it is: a stored key's id, or
 *           {@code configuration:<name>}, or {@code bootstrap}
 * @param name who the key is for; recorded in every event the key causes
 */
record ApiKey(String id, String name, byte[] sha256, Set<Scope> scopes, RateLimit rateLimit) {

    /** A token bucket's size: its steady rate and its burst. */
    record RateLimit(int requestsPerSecond, int burst) {
    }

    ApiKey {
        scopes = Set.copyOf(scopes);
        sha256 = sha256.clone();
    }

    boolean allows(Scope scope) {
        return scopes.contains(scope);
    }
}
