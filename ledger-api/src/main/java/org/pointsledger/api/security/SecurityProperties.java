package org.pointsledger.api.security;

import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ledger.security.*}: keys given in configuration (by the SHA-256 of the key, never the
 * key), the bootstrap key, and the default rate limit of a key.
 */
@ConfigurationProperties("ledger.security")
record SecurityProperties(@DefaultValue List<ConfiguredKey> apiKeys, String bootstrapApiKey,
                          @DefaultValue RateLimit rateLimit) {

    /** {@code ledger.security.api-keys[i]}: a key known by its hash; its limits are optional. */
    record ConfiguredKey(String name, String sha256, Set<String> scopes,
                         Integer requestsPerSecond, Integer burst) {
    }

    /** Requests a key may send per second on average, and how many at once after a pause. */
    record RateLimit(@DefaultValue("200") int requestsPerSecond,
                     @DefaultValue("400") int burst) {
    }

    boolean hasBootstrapKey() {
        return bootstrapApiKey != null && !bootstrapApiKey.isBlank();
    }
}
