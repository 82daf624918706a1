package org.pointsledger.domain.account;

import java.util.UUID;

/** Transaction ids the ledger makes itself, derived so that a repeat yields the same id. */
public final class TransactionIds {

    static final UUID EXPIRY_NAMESPACE = UUID.fromString("0c8a4f6e-2b7d-5e1a-8f3c-9d4b6a2e7c51");
    static final UUID BULK_NAMESPACE = UUID.fromString("4e7d2a9c-6f1b-5c3e-a8d4-2b9f7e1c6a03");

    private TransactionIds() {
    }

    /** The id of the transaction that removes what was left of a lot when it expired. */
    public static String expiryOf(String lotId) {
        return AccountId.NameBasedUuid.of(EXPIRY_NAMESPACE, lotId).toString();
    }

    /**
     * The id of a bulk item sent without one, from the seed its request's Idempotency-Key was
     * given and the item's position, so that a repeat of the request yields the same ids.
     */
    public static String bulkItem(String idempotencySeed, int index) {
        return AccountId.NameBasedUuid.of(BULK_NAMESPACE, idempotencySeed + "#" + index)
                .toString();
    }
}
