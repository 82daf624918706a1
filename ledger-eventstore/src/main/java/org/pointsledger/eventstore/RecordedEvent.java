package org.pointsledger.eventstore;

/** One row of the event store as it is stored: columns and the raw payload and metadata. */
public record RecordedEvent(long sequenceNumber, long globalPosition, String eventId,
                            String timestamp, String type, String revision, byte[] payload,
                            byte[] metadata) {
}
