package org.pointsledger.api.security;

import java.util.regex.Pattern;

/** The limits of a key's name and rate, the same for configured and minted keys. */
final class ApiKeyRules {

    static final int NAME_LENGTH_MAX = 64;
    /** Names end up in event metadata and logs: plain characters only. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + NAME_LENGTH_MAX + "}");
    static final int RATE_MAX = 1_000_000;

    private ApiKeyRules() {
    }

    static boolean isValidRate(Integer value) {
        return value == null || (value >= 1 && value <= RATE_MAX);
    }
}
