package org.pointsledger.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Makes keys and their hashes. A key is never stored or logged; its SHA-256 is. */
final class KeyMaterial {

    /** 256 bits of randomness, written as 43 URL-safe base64 characters after the prefix. */
    static final int KEY_RANDOM_BYTES = 32;
    /** Marks a ledger key, so that a leaked one is easy to recognise in a scan. */
    static final String KEY_PREFIX = "pl_";
    /** Longer than any key we make or accept; a longer header is refused unhashed. */
    static final int KEY_LENGTH_MAX = 256;
    static final int SHA256_HEX_LENGTH = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {
    }

    static String newKey() {
        byte[] random = new byte[KEY_RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** Parses 64 hex digits, any case; null when it is not a SHA-256. */
    static byte[] parseSha256Hex(String hex) {
        if (hex == null || hex.length() != SHA256_HEX_LENGTH) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
