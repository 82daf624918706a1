package org.pointsledger.api.support;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.pointsledger.domain.account.PointAccountEvent;
import org.pointsledger.eventstore.EventStoreReader;
import org.pointsledger.eventstore.EventTable;

/**
 * An account's events read from the event table the way the service reads them: through its
 * {@link EventStoreReader} and its storage serializer, so a test holds no copy of either.
 */
public final class StoredEvents {

    private StoredEvents() {
    }

    /**
     * Every event of the account, oldest first, on the caller's connection (left open);
     * throws IllegalStateException when a sequence number is missing or repeated.
     */
    public static List<PointAccountEvent> of(Connection connection, String accountId) {
        EventStoreReader reader = EventTable.on(connection).reader();
        List<PointAccountEvent> events = new ArrayList<>();
        reader.forEach(accountId, recorded -> {
            if (recorded.sequenceNumber() != events.size()) {
                throw new IllegalStateException("event " + recorded.sequenceNumber() + " of "
                        + accountId + " where " + events.size() + " was due");
            }
            events.add(reader.event(recorded));
            return true;
        });
        return events;
    }
}
