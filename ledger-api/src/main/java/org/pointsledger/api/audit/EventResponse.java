package org.pointsledger.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.axonframework.common.DateTimeUtils;
import org.pointsledger.eventstore.HashChain;
import org.pointsledger.eventstore.RecordedEvent;

/**
 * One stored event on the wire, as recorded: {@code type} is its stored name, {@code timestamp}
 * when the event store wrote it (the payload's {@code recordedAt} is the ledger's clock), and
 * {@code payload} and {@code metadata} the stored JSON documents, unchanged, so that an auditor
 * can re-compute the hash in {@code metadata} (see HashChain).
 */
record EventResponse(long sequenceNumber, long globalPosition, String eventId, String type,
                     String revision, Instant timestamp, JsonNode payload, JsonNode metadata) {

    static EventResponse of(RecordedEvent event) {
        return new EventResponse(event.sequenceNumber(), event.globalPosition(), event.eventId(),
                event.type(), event.revision(), DateTimeUtils.parseInstant(event.timestamp()),
                HashChain.read(event.payload()), HashChain.read(event.metadata()));
    }
}
