package org.pointsledger.api.security;

import java.util.Optional;

/**
 * The one place that says which scope a request needs, by path and method, so that every
 * endpoint, including those added later, is covered without being named here.
 *
 * <ul>
 *   <li>{@code /actuator/health} and below: public; any other actuator endpoint: admin.</li>
 *   <li>Any method under {@code /api/v3/admin/}: admin.</li>
 *   <li>A write to a point definition: admin.</li>
 *   <li>Any other GET or HEAD under {@code /api/v3/}: points:read; any other method:
 *       points:write.</li>
 *   <li>Anything else (the OpenAPI document and UI, unknown paths): public.</li>
 * </ul>
 *
 * The path is the servlet path the container has already decoded and normalized, so
 * {@code //}, {@code ..} and percent-encoding cannot route around a rule.
 */
final class ScopeRules {

    private static final String API = "/api/v3";
    private static final String ADMIN = "/api/v3/admin";
    private static final String[] DEFINITIONS = {
        "/api/v3/point-accounts/definitions", "/api/v3/point-definitions"};
    private static final String ACTUATOR = "/actuator";
    private static final String HEALTH = "/actuator/health";

    private ScopeRules() {
    }

    /** The scope the request needs, or empty when it needs no key at all. */
    static Optional<Scope> required(String method, String path) {
        if (isUnder(path, HEALTH)) {
            return Optional.empty();
        }
        if (isUnder(path, ACTUATOR)) {
            return Optional.of(Scope.ADMIN);
        }
        if (!isUnder(path, API)) {
            return Optional.empty();
        }
        boolean reads = "GET".equals(method) || "HEAD".equals(method);
        if (isUnder(path, ADMIN) || (!reads && isDefinition(path))) {
            return Optional.of(Scope.ADMIN);
        }
        return Optional.of(reads ? Scope.POINTS_READ : Scope.POINTS_WRITE);
    }

    private static boolean isDefinition(String path) {
        for (String definitions : DEFINITIONS) {
            if (isUnder(path, definitions)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnder(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }
}
