package org.pointsledger.api.security;

import java.util.List;

/**
 * The body of POST /api/v3/admin/api-keys. The rate limits are optional; each one left out is
 * the configured default.
 */
record ApiKeyRequest(String name, List<String> scopes, Integer requestsPerSecond,
                     Integer burst) {
}
