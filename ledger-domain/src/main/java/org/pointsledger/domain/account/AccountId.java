package org.pointsledger.domain.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * The identity of a point account: a name-based (version 5) UUID of its contact and definition.
 *
 * <p>Because the id is derived, every node computes the same id for the same pair with no lookup,
 * and two requests that both "create" an account cannot race into two accounts.
 */
public record AccountId(UUID value) {

    /** Fixed namespace of account ids; changing it would rename every account. */
    static final UUID ACCOUNT_NAMESPACE = UUID.fromString("6b0f3f4e-4c1d-5d8e-9a51-3f2c7a1e9b10");

    public AccountId {
        Objects.requireNonNull(value, "value");
    }

    public static AccountId of(String contactId, int definitionId) {
        return new AccountId(NameBasedUuid.of(ACCOUNT_NAMESPACE, definitionId + ":" + contactId));
    }

    @JsonCreator
    public static AccountId parse(String text) {
        return new AccountId(UUID.fromString(text));
    }

    /** Axon and the wire both use the plain UUID text as the account's identifier. */
    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }

    /** Version 5 (SHA-1) name-based UUIDs, as RFC 9562 defines them. */
    static final class NameBasedUuid {

        private NameBasedUuid() {
        }

        static UUID of(UUID namespace, String name) {
            MessageDigest sha1 = sha1();
            sha1.update(toBytes(namespace));
            sha1.update(name.getBytes(StandardCharsets.UTF_8));
            byte[] hash = sha1.digest();
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            long most = 0;
            long least = 0;
            for (int i = 0; i < 8; i++) {
                most = (most << 8) | (hash[i] & 0xff);
                least = (least << 8) | (hash[i + 8] & 0xff);
            }
            return new UUID(most, least);
        }

        private static byte[] toBytes(UUID uuid) {
            byte[] bytes = new byte[16];
            long most = uuid.getMostSignificantBits();
            long least = uuid.getLeastSignificantBits();
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (most >>> (56 - 8 * i));
                bytes[i + 8] = (byte) (least >>> (56 - 8 * i));
            }
            return bytes;
        }

        private static MessageDigest sha1() {
            try {
                return MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime provides SHA-1", e);
            }
        }
    }
}
