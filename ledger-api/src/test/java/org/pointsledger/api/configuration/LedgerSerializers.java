package org.pointsledger.api.configuration;

import org.axonframework.serialization.Serializer;

/** The service's own event serializer, for tests that read the event store as it does. */
public final class LedgerSerializers {

    private LedgerSerializers() {
    }

    /** The serializer the service stores and reads its events with. */
    public static Serializer storage() {
        return LedgerSerializer.create();
    }
}
