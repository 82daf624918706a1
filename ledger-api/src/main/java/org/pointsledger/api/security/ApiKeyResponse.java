package org.pointsledger.api.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A stored API key on the wire. {@code key} is there only in the answer that minted it: the
 * ledger keeps its hash and cannot show it again.
 */
record ApiKeyResponse(String id, String name, List<String> scopes, Integer requestsPerSecond,
                      Integer burst, Instant createdOn, Instant revokedOn,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

    static ApiKeyResponse of(ApiKeyTable.StoredKey stored) {
        return of(stored, null);
    }

    static ApiKeyResponse of(ApiKeyTable.StoredKey stored, String key) {
        return new ApiKeyResponse(stored.id(), stored.name(),
                stored.scopes().stream().map(Scope::wireName).sorted().toList(),
                stored.requestsPerSecond(), stored.burst(), stored.createdOn(),
                stored.revokedOn(), key);
    }
}
