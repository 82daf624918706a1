package org.pointsledger.api.security;

import java.util.Arrays;
import java.util.Optional;

/** What a key may do. Scopes are independent: {@code admin} does not imply the others. */
public enum Scope {
    POINTS_READ("points:read"),
    POINTS_WRITE("points:write"),
    ADMIN("admin");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    /** The scope's name in configuration, requests and answers, e.g. {@code points:read}. */
    public String wireName() {
        return wireName;
    }

    static Optional<Scope> fromWireName(String name) {
        return Arrays.stream(values()).filter(scope -> scope.wireName.equals(name)).findFirst();
    }
}
