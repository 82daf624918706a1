package org.pointsledger.domain.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Proves account ids are RFC version-5 UUIDs of (definitionId, contactId) that never change. */
class AccountIdTest {

    /**
     * AccountId.of("contact-1", 1), computed outside Java with Python's
     * {@code uuid.uuid5(UUID("6b0f3f4e-4c1d-5d8e-9a51-3f2c7a1e9b10"), "1:contact-1")}. Every
     * stored event names its account by this id: if this test breaks, every account is renamed.
     */
    private static final String CONTACT_1_DEFINITION_1 = "eca9223e-75e2-574d-a76d-31d5a7b643ac";

    private static final List<AccountKey> KEYS = List.of(
            new AccountKey("contact-1", 1), new AccountKey("contact-1", 2),
            new AccountKey("contact-2", 1), new AccountKey("Contact-1", 1),
            new AccountKey("1", 12), new AccountKey("21", 1), new AccountKey("12", 1),
            new AccountKey("a.b_c-d", 2147483647), new AccountKey("x", 0));

    @Test
    void of_returnsTheKnownId_forContact1AndDefinition1() {
        assertThat(AccountId.of("contact-1", 1).toString()).isEqualTo(CONTACT_1_DEFINITION_1);
    }

    @Test
    void knownId_isWhatTheRfcAlgorithmGives_whenComputedInThisTest() throws Exception {
        assertThat(rfcVersion5(AccountId.ACCOUNT_NAMESPACE, "1:contact-1"))
                .hasToString(CONTACT_1_DEFINITION_1);
    }

    @Test
    void nameBasedUuid_matchesThePublishedExample_forPythonOrgInTheDnsNamespace() {
        // The example of Python's uuid documentation: uuid5(NAMESPACE_DNS, 'python.org').
        UUID dnsNamespace = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        assertThat(AccountId.NameBasedUuid.of(dnsNamespace, "python.org"))
                .hasToString("886313e1-3b8a-5372-9b90-0c9aee199e5d");
    }

    @Test
    void of_agreesWithTheRfcAlgorithm_forEveryKey() throws Exception {
        for (AccountKey key : KEYS) {
            assertThat(AccountId.of(key.contactId(), key.definitionId()).value())
                    .as("%s", key)
                    .isEqualTo(rfcVersion5(AccountId.ACCOUNT_NAMESPACE,
                            key.definitionId() + ":" + key.contactId()));
        }
    }

    @Test
    void of_returnsTheSameId_whenCalledAgainWithTheSamePair() {
        for (AccountKey key : KEYS) {
            assertThat(AccountId.of(new String(key.contactId()), key.definitionId()))
                    .isEqualTo(AccountId.of(key.contactId(), key.definitionId()));
        }
    }

    @Test
    void of_returnsDistinctIds_forDistinctPairs() {
        Set<AccountId> ids = new HashSet<>();
        for (AccountKey key : KEYS) {
            ids.add(AccountId.of(key.contactId(), key.definitionId()));
        }

        assertThat(ids).hasSameSizeAs(KEYS);
    }

    @Test
    void of_returnsVersion5RfcVariantUuids() {
        for (AccountKey key : KEYS) {
            UUID id = AccountId.of(key.contactId(), key.definitionId()).value();

            assertThat(id.version()).as("version of %s", id).isEqualTo(5);
            assertThat(id.variant()).as("variant of %s", id).isEqualTo(2);
        }
    }

    @Test
    void parse_returnsTheSameId_whenGivenItsText() {
        AccountId id = AccountId.of("contact-1", 1);

        assertThat(AccountId.parse(id.toString())).isEqualTo(id);
    }

    /** RFC 9562 section 5.5, written independently of AccountId.NameBasedUuid. */
    private static UUID rfcVersion5(UUID namespace, String name) throws Exception {
        ByteBuffer namespaceBytes = ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits());
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(namespaceBytes.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) (0x50 | (hash[6] & 0x0f));
        hash[8] = (byte) (0x80 | (hash[8] & 0x3f));
        ByteBuffer uuidBytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(uuidBytes.getLong(), uuidBytes.getLong());
    }

    private record AccountKey(String contactId, int definitionId) {
    }
}
