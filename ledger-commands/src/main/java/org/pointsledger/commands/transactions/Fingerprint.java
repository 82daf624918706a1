package org.pointsledger.commands.transactions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/** The SHA-256 of a request's content, to tell a repeat from a different request. */
public final class Fingerprint {

    private static final char SEPARATOR = '\u001f';
    private static final char ABSENT = '\u0000';

    private Fingerprint() {
    }

    /** Timestamps count by the instant they denote, whatever offset they were sent with. */
    public static String of(Object... parts) {
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            Object value = part instanceof OffsetDateTime time ? time.toInstant() : part;
            text.append(value == null ? String.valueOf(ABSENT) : value.toString())
                    .append(SEPARATOR);
        }
        return sha256(text.toString());
    }

    public static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
