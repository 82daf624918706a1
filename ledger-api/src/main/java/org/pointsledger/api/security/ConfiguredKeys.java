package org.pointsledger.api.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys that come from configuration: {@code ledger.security.api-keys[i]} by their hash, and
 * the bootstrap key (all scopes), of which only the hash is kept. A mistake in them stops the
 * start-up with a message that names the key, rather than leave a key silently unusable.
 */
final class ConfiguredKeys {

    static final String CONFIGURED_ID_PREFIX = "configuration:";

    private ConfiguredKeys() {
    }

    static List<ApiKey> parse(SecurityProperties properties, ApiKey.RateLimit defaultLimit) {
        requireValid(defaultLimit, "ledger.security.rate-limit");
        List<ApiKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int index = 0; index < properties.apiKeys().size(); index++) {
            ApiKey key = configured(properties.apiKeys().get(index),
                    "ledger.security.api-keys[" + index + "]", defaultLimit);
            require(names.add(key.name()) && !key.name().equals(ApiKeys.BOOTSTRAP_NAME),
                    "ledger.security.api-keys[" + index + "].name is used twice or reserved");
            keys.add(key);
        }
        if (properties.hasBootstrapKey()) {
            String bootstrap = properties.bootstrapApiKey().trim();
            require(bootstrap.length() <= KeyMaterial.KEY_LENGTH_MAX,
                    "ledger.security.bootstrap-api-key is longer than "
                            + KeyMaterial.KEY_LENGTH_MAX + " characters");
            keys.add(new ApiKey(ApiKeys.BOOTSTRAP_NAME, ApiKeys.BOOTSTRAP_NAME,
                    KeyMaterial.sha256(bootstrap), EnumSet.allOf(Scope.class), defaultLimit));
        }
        return List.copyOf(keys);
    }

    private static ApiKey configured(SecurityProperties.ConfiguredKey key, String property,
                                     ApiKey.RateLimit defaultLimit) {
        require(key.name() != null && ApiKeyRules.NAME.matcher(key.name()).matches(),
                property + ".name must be 1 to " + ApiKeyRules.NAME_LENGTH_MAX
                        + " characters from [A-Za-z0-9._-]");
        byte[] sha256 = KeyMaterial.parseSha256Hex(key.sha256());
        require(sha256 != null, property + ".sha256 must be 64 hex digits");
        require(key.scopes() != null && !key.scopes().isEmpty(),
                property + ".scopes must name at least one scope");
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String scope : key.scopes()) {
            scopes.add(Scope.fromWireName(scope).orElseThrow(() -> new IllegalStateException(
                    property + ".scopes has an unknown scope: " + scope)));
        }
        ApiKey.RateLimit limit = ApiKeys.limitOf(key.requestsPerSecond(), key.burst(),
                defaultLimit);
        requireValid(limit, property);
        return new ApiKey(CONFIGURED_ID_PREFIX + key.name(), key.name(), sha256, scopes, limit);
    }

    private static void requireValid(ApiKey.RateLimit limit, String property) {
        require(ApiKeyRules.isValidRate(limit.requestsPerSecond())
                        && ApiKeyRules.isValidRate(limit.burst()),
                property + ": requests-per-second and burst must be between 1 and "
                        + ApiKeyRules.RATE_MAX);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
